package io.cognitosuite.common.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations under {@code db/migration}. Run by the CLI, by tests and at deploy
 * time, never on a Lambda cold start.
 */
public final class Migrations {
    private Migrations() {
    }

    /** Brings the schema up to date and returns how many migrations ran. */
    public static int apply(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .cleanDisabled(true)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
