package io.cognitosuite.postgres.testing;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies this module's SQL schema ({@code db/migration}) to a test database with Flyway's defaults. The production
 * path, {@code io.cognitosuite.schema.Migrations} (the init SQL, the app role's {@code statement_timeout}), is tested
 * in {@code schema/}; this module's own tests cannot call it, since {@code schema} depends on this module.
 */
public final class TestSchema {
    private TestSchema() {
    }

    public static void apply(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").cleanDisabled(true)
                .load().migrate();
    }
}
