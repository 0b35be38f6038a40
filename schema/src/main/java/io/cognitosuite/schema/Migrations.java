package io.cognitosuite.schema;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.postgres.SqlFailures;

import io.cognitosuite.schema.MigrationSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations under {@code db/migration}. Run by the CLI, by tests and at deploy
 * time, never on a Lambda cold start.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Brings the schema up to date and returns how many migrations ran. Leaves every role's settings alone. */
    public static int apply(DataSource dataSource) {
        return flyway(dataSource).load().migrate().migrationsExecuted;
    }

    /**
     * Brings the schema up to date, then puts the app role's {@code statement_timeout} on it in this database
     * ({@code ALTER ROLE … IN DATABASE … SET}), every run, so the role always has the configured value. The
     * functions' sessions start with it and never send {@code SET}, which would make RDS Proxy pin them; a
     * changed value reaches sessions that start after the migration.
     *
     * <p>The migration's own sessions run {@code SET statement_timeout} to the migration's statement timeout
     * (Flyway's {@code initSql}) first: when the migration logs in as the app role, the role's short value would
     * otherwise cancel a long migration. (A migration session may pin: it runs once per deployment, and Flyway's
     * advisory lock pins it anyway.)
     *
     * @throws DataAccessException when the role's setting cannot be changed (no such role, or the migration user
     *                             may not alter it); the schema is migrated by then
     */
    public static int apply(DataSource dataSource, MigrationSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String ownTimeout = "SET statement_timeout = " + settings.database().statementTimeout().toMillis();
        int executed = flyway(dataSource).initSql(ownTimeout).load().migrate().migrationsExecuted;
        putStatementTimeoutOnAppRole(dataSource, settings);
        return executed;
    }

    /** One migration as {@code db info} shows it. */
    public record MigrationState(String version, String description, String state, java.time.Instant installedOn) {
    }

    /** Every migration known to the code or the database, in version order, with its state (Success, Pending, …). */
    public static java.util.List<MigrationState> info(DataSource dataSource) {
        java.util.List<MigrationState> states = new java.util.ArrayList<>();
        for (org.flywaydb.core.api.MigrationInfo m : flyway(dataSource).load().info().all()) {
            states.add(new MigrationState(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(),
                    m.getState().getDisplayName(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant()));
        }
        return states;
    }

    private static FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .cleanDisabled(true);
    }

    private static void putStatementTimeoutOnAppRole(DataSource dataSource, MigrationSettings settings) {
        long millis = settings.appStatementTimeout().toMillis();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String database;
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                database = rs.getString(1);
            }
            // ALTER ROLE takes no bind parameters: the names are quoted as identifiers, the value is a number.
            s.execute("ALTER ROLE " + identifier(settings.appUser()) + " IN DATABASE " + identifier(database)
                    + " SET statement_timeout = " + millis);
            LOG.info("statement_timeout of role {} in database {} is {} ms", settings.appUser(), database, millis);
        } catch (SQLException e) {
            throw SqlFailures.translate("setting the app role's statement_timeout", e);
        }
    }

    /** A PostgreSQL quoted identifier: exactly this name, case kept, quotes doubled. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
