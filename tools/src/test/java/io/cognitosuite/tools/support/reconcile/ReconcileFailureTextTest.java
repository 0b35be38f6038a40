package io.cognitosuite.tools.support.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import org.junit.jupiter.api.Test;

/** What reconcile prints and audits when the database fails: a sentence of ours, never the driver's text. */
class ReconcileFailureTextTest {

    @Test
    void aDatabaseFailure_isTheSqlStateAndOurConstraintName_neverTheDriversMessage() {
        DataAccessException refused = new DataAccessException(
                "ERROR: new row violates check constraint \"app_users_role_check\": value 'ada@example.com'", "23514",
                "app_users_role_check", false, null);
        DatabaseUnavailableException down = new DatabaseUnavailableException(
                "Connection to db.internal.example:5432 refused for role app_rw", "08001", null);

        assertThat(ReconcileService.describe(refused))
                .isEqualTo("the database refused the write (SQL state 23514, constraint app_users_role_check)");
        assertThat(ReconcileService.describe(down))
                .isEqualTo("the database was unavailable or did not answer in time (SQL state 08001)")
                .doesNotContain("db.internal").doesNotContain("app_rw");
    }
}
