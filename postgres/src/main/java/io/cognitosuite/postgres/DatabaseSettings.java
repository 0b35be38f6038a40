package io.cognitosuite.postgres;

import io.cognitosuite.core.config.EnvironmentReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach PostgreSQL and how long to wait for it. The defaults fit a 5-second Cognito trigger:
 * at most 1 s to get a connection, a pool of 2 per execution environment.
 * The server-side statement timeout of the functions is not set here but on their role, by the migration
 * ({@code DATABASE_APP_STATEMENT_TIMEOUT_MS}): a session that runs
 * {@code SET} is pinned by RDS Proxy.
 *
 * @param jdbcUrl           {@code DATABASE_URL}, a {@code jdbc:postgresql://} URL
 * @param user              {@code DATABASE_USER}
 * @param password          {@code DATABASE_PASSWORD} (never printed)
 * @param poolSize          {@code DATABASE_POOL_SIZE}, 1–10, default 2
 * @param connectTimeout    {@code DATABASE_CONNECT_TIMEOUT_MS}, default 1000: the longest wait for a connection
 * @param validationTimeout {@code DATABASE_VALIDATION_TIMEOUT_MS}, default 500, less than the connect timeout
 * @param statementTimeout  {@code DATABASE_STATEMENT_TIMEOUT_MS}, default 1000: not a server-side limit. For the
 *                          functions it sets only the client-side socket timeout, this rounded up to whole seconds
 *                          plus 1 s: the longest any read may block, the backstop that ends a read from a hung server.
 *                          A call without a deadline waits that long; a call with one
 *                          ({@code Database.withConnection(Deadline, ...)}) has the lesser of the time it has left and
 *                          the socket timeout as its network timeout: its deadline can shorten the wait, never
 *                          lengthen it. A read that times out at the socket timeout fails as the database being
 *                          unavailable and asks the server to cancel its statement. How long a statement may run on
 *                          the server is the role's {@code statement_timeout}. A migration's own sessions run with
 *                          this as their {@code statement_timeout} ({@code SET}, Flyway's init SQL)
 */
public record DatabaseSettings(
        String jdbcUrl,
        String user,
        String password,
        int poolSize,
        Duration connectTimeout,
        Duration validationTimeout,
        Duration statementTimeout) {

    public static final String URL = "DATABASE_URL";
    public static final String USER = "DATABASE_USER";
    public static final String PASSWORD = "DATABASE_PASSWORD";
    public static final String POOL_SIZE = "DATABASE_POOL_SIZE";
    public static final String CONNECT_TIMEOUT = "DATABASE_CONNECT_TIMEOUT_MS";
    public static final String VALIDATION_TIMEOUT = "DATABASE_VALIDATION_TIMEOUT_MS";
    public static final String STATEMENT_TIMEOUT = "DATABASE_STATEMENT_TIMEOUT_MS";
    private static final String URL_PREFIX = "jdbc:postgresql://";

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(validationTimeout, "validationTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        List<String> problems = problems(jdbcUrl, poolSize, connectTimeout, validationTimeout);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
    }

    /** The checks across values, in one place for the constructor and for {@link #fromEnvironment}. */
    private static List<String> problems(String url, int poolSize, Duration connect, Duration validation) {
        List<String> problems = new ArrayList<>();
        if (!url.startsWith(URL_PREFIX)) {
            problems.add(URL + " must start with " + URL_PREFIX + " but is '" + withoutQuery(url) + "'");
        }
        if (carriesCredentials(url)) {
            problems.add(URL + " must not carry a password; set " + PASSWORD + " instead");
        }
        if (poolSize < 1) {
            problems.add(POOL_SIZE + " must be at least 1 but is " + poolSize);
        }
        if (validation.compareTo(connect) >= 0) {
            problems.add(VALIDATION_TIMEOUT + " (" + validation.toMillis() + ") must be less than "
                    + CONNECT_TIMEOUT + " (" + connect.toMillis() + ")");
        }
        return problems;
    }

    /** Reads the settings from the environment, naming every bad or missing variable. */
    public static DatabaseSettings fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        String url = env.required(URL);
        String user = env.required(USER);
        String password = env.secret(PASSWORD, "");
        int poolSize = env.integer(POOL_SIZE, 2, 1, 10);
        Duration connect = env.millis(CONNECT_TIMEOUT, 1000, 250, 30_000);
        Duration validation = env.millis(VALIDATION_TIMEOUT, 500, 250, 29_000);
        Duration statement = env.millis(STATEMENT_TIMEOUT, 1000, 50, 600_000);
        // A missing URL is already reported as required; it is not also reported as malformed.
        problems(url.isEmpty() ? URL_PREFIX : url, poolSize, connect, validation).forEach(env::problem);
        env.throwIfInvalid();
        return new DatabaseSettings(url, user, password, poolSize, connect, validation, statement);
    }

    /** Same settings with another URL and credentials, e.g. for a test database. */
    public static DatabaseSettings withDefaults(String jdbcUrl, String user, String password) {
        return new DatabaseSettings(jdbcUrl, user, password, 2, Duration.ofMillis(1000), Duration.ofMillis(500),
                Duration.ofMillis(1000));
    }

    /**
     * The same settings with a shorter wait for a connection (for a trigger with a tighter budget);
     * the validation timeout is lowered with it when needed, never below HikariCP's 250 ms minimum.
     */
    public DatabaseSettings withConnectTimeoutAtMost(Duration limit) {
        if (connectTimeout.compareTo(limit) <= 0) {
            return this;
        }
        Duration validation = validationTimeout.compareTo(limit.minusMillis(50)) < 0 ? validationTimeout
                : Duration.ofMillis(Math.max(250, limit.toMillis() - 50));
        return new DatabaseSettings(jdbcUrl, user, password, poolSize, limit, validation, statementTimeout);
    }

    public DatabaseSettings withStatementTimeout(Duration timeout) {
        return new DatabaseSettings(jdbcUrl, user, password, poolSize, connectTimeout, validationTimeout, timeout);
    }

    /** A password in the query ({@code password=}) or in a {@code user:password@host} authority. */
    static boolean carriesCredentials(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password=") || authority(url).contains("@");
    }

    /** The URL without its query and without any {@code user:password@} part: safe to print. */
    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q) + "?…";
        String authority = authority(base);
        int at = authority.lastIndexOf('@');
        return at < 0 ? base : base.replace(authority, "****@" + authority.substring(at + 1));
    }

    private static String authority(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            return "";
        }
        int end = url.indexOf('/', start + 2);
        int query = url.indexOf('?', start + 2);
        if (end < 0 || (query >= 0 && query < end)) {
            end = query;
        }
        return end < 0 ? url.substring(start + 2) : url.substring(start + 2, end);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[jdbcUrl=" + withoutQuery(jdbcUrl) + ", user=" + user + ", password=****"
                + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout.toMillis() + "ms"
                + ", validationTimeout=" + validationTimeout.toMillis() + "ms"
                + ", statementTimeout=" + statementTimeout.toMillis() + "ms]";
    }
}
