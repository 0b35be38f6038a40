package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import org.junit.jupiter.api.Test;

class FailureDetailsTest {
    @Test
    void rejected_namesTheSqlStateAndAPlainConstraintName() {
        assertThat(FailureDetails.rejected(new DataAccessException("m", "23505", "app_users_cognito_sub_key", false, null)))
                .isEqualTo("the database refused the row (SQL state 23505, constraint app_users_cognito_sub_key)");
    }

    @Test
    void rejected_namesNeitherAQuotedConstraintNameNorAnOddSqlState() {
        assertThat(FailureDetails.rejected(new DataAccessException("m", "not a state", "Alice's \"check\"", false, null)))
                .isEqualTo("the database refused the row");
        assertThat(FailureDetails.rejected(new DataAccessException("m", null, null, false, null)))
                .isEqualTo("the database refused the row");
    }

    @Test
    void unavailable_andConflict_nameOnlyTheSqlState() {
        assertThat(FailureDetails.unavailable(new DatabaseUnavailableException("m", "08001", null)))
                .isEqualTo("the database was unavailable or did not answer in time (SQL state 08001)");
        assertThat(FailureDetails.conflict(new DataAccessException("m", "40P01", "x", true, null)))
                .isEqualTo("the database could not complete the write at the time (SQL state 40P01); a later delivery may succeed");
    }

    @Test
    void unexpected_namesTheExceptionClass_andTheRequestIdOnlyWhenItLooksLikeOne() {
        assertThat(FailureDetails.unexpected(new IllegalStateException("alice@example.com"), "0f8fad5b-d9cb-469f-a165-70867728950e"))
                .isEqualTo("the batch failed unexpectedly (IllegalStateException); see the function's log for request "
                        + "0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(FailureDetails.unexpected(new IllegalStateException("x"), "not a request id <script>"))
                .isEqualTo("the batch failed unexpectedly (IllegalStateException); see the function's log");
    }
}
