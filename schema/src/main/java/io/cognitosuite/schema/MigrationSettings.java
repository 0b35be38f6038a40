package io.cognitosuite.schema;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.postgres.DatabaseSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a schema migration needs besides its own connection: which role the functions log in as, and the
 * {@code statement_timeout} the migration puts on that role. The functions never send {@code SET} (RDS Proxy
 * pins every session that does); the role's setting takes effect when a session starts, with nothing on the wire.
 *
 * @param database            the migration's own connection ({@code DATABASE_*}); its statement timeout bounds
 *                            the migration's statements, which may rewrite a table
 * @param appUser             {@code DATABASE_APP_USER}, default {@code DATABASE_USER}: the role whose sessions get
 *                            the statement timeout (the functions' {@code DATABASE_USER})
 * @param appStatementTimeout {@code DATABASE_APP_STATEMENT_TIMEOUT_MS}, default 5000: that role's
 *                            {@code statement_timeout} in this database
 */
public record MigrationSettings(DatabaseSettings database, String appUser, Duration appStatementTimeout) {
    public static final String APP_USER = "DATABASE_APP_USER";
    public static final String APP_STATEMENT_TIMEOUT = "DATABASE_APP_STATEMENT_TIMEOUT_MS";
    /** The app role's statement timeout when {@code DATABASE_APP_STATEMENT_TIMEOUT_MS} is not set (the template's value). */
    public static final Duration DEFAULT_APP_STATEMENT_TIMEOUT = Duration.ofMillis(5000);
    /** PostgreSQL truncates longer identifiers, which would name another role. */
    private static final int MAX_ROLE_NAME_BYTES = 63;

    public MigrationSettings {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(appUser, "appUser");
        Objects.requireNonNull(appStatementTimeout, "appStatementTimeout");
        String problem = roleNameProblem(appUser);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (appStatementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(APP_STATEMENT_TIMEOUT + " must be at least 1 ms but is "
                    + appStatementTimeout.toMillis());
        }
    }

    /** Reads the settings from the environment, naming every bad or missing variable at once. */
    public static MigrationSettings fromEnvironment(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        DatabaseSettings database = null;
        try {
            database = DatabaseSettings.fromEnvironment(environment);
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        EnvironmentReader env = new EnvironmentReader(environment);
        String appUser = env.optional(APP_USER, env.optional(DatabaseSettings.USER, ""));
        Duration appTimeout = env.millis(APP_STATEMENT_TIMEOUT, DEFAULT_APP_STATEMENT_TIMEOUT.toMillis(), 50, 600_000);
        String roleProblem = appUser.isEmpty() ? null : roleNameProblem(appUser);
        if (roleProblem != null) {
            env.problem(roleProblem);
        }
        try {
            env.throwIfInvalid();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new MigrationSettings(database, appUser, appTimeout);
    }

    private static String roleNameProblem(String role) {
        if (role.isEmpty()) {
            return APP_USER + " must not be empty";
        }
        if (role.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ROLE_NAME_BYTES
                || role.indexOf('\0') >= 0) {
            // The value is not echoed: it is meant to be a role name, but it is not one.
            return APP_USER + " must be a PostgreSQL role name of at most " + MAX_ROLE_NAME_BYTES + " bytes";
        }
        return null;
    }
}
