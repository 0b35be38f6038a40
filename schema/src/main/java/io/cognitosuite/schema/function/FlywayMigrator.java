package io.cognitosuite.schema.function;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.schema.Migrations;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@link Migrations#apply(javax.sql.DataSource, MigrationSettings)} over a pool of its own, opened for the
 * run and closed after it: the schema, then the app role's {@code statement_timeout}. Reads the {@code DATABASE_*}
 * variables of {@link DatabaseSettings} (the deploy template gives it longer timeouts than a trigger gets: a
 * migration may rewrite a table) and those of {@link MigrationSettings}.
 */
public final class FlywayMigrator implements Migrator {
    private final MigrationSettings settings;
    private final AtomicReference<Database> running = new AtomicReference<>();

    public FlywayMigrator(MigrationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The migrator the environment describes. The variables are validated here, once; a bad or missing one
     * does not fail the function's start (CloudFormation would then wait an hour for an answer) but every
     * {@link #migrate()}, so that the deployment fails at once with a reason naming the variable.
     */
    public static Migrator fromEnvironment(Map<String, String> environment) {
        try {
            return new FlywayMigrator(MigrationSettings.fromEnvironment(environment));
        } catch (ConfigurationException e) {
            return () -> {
                throw e;
            };
        }
    }

    @Override
    public int migrate() {
        try (Database database = Database.pooled(settings.database())) {
            running.set(database);
            return Migrations.apply(database.dataSource(), settings);
        } finally {
            running.set(null);
        }
    }

    @Override
    public void abort() {
        Database database = running.get();
        if (database != null) {
            database.close();
        }
    }
}
