package io.cognitosuite.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM, and a fresh database on it for every caller.
 *
 * <p>When {@code TEST_DATABASE_URL} is set (a JDBC URL of an existing server, plus
 * {@code TEST_DATABASE_USER} and {@code TEST_DATABASE_PASSWORD}), that server is used and must allow
 * the user to create databases. Otherwise the embedded binaries are started once per JVM.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestDatabases shared;

    private final DatabaseCoordinates admin;

    private TestDatabases(DatabaseCoordinates admin) {
        this.admin = Objects.requireNonNull(admin);
    }

    /** The server shared by every test in this JVM, started on first use. */
    public static TestDatabases shared() {
        TestDatabases local = shared;
        if (local == null) {
            synchronized (TestDatabases.class) {
                local = shared;
                if (local == null) {
                    local = new TestDatabases(adminCoordinates());
                    shared = local;
                }
            }
        }
        return local;
    }

    private static DatabaseCoordinates adminCoordinates() {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new DatabaseCoordinates(url,
                    Objects.requireNonNullElse(System.getenv("TEST_DATABASE_USER"), "postgres"),
                    Objects.requireNonNullElse(System.getenv("TEST_DATABASE_PASSWORD"), ""));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        return server.postgresDatabase();
    }

    /** Creates a new, empty database whose name starts with the given prefix. */
    public DatabaseCoordinates createDatabase(String prefix) {
        String name = (prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
        execute(admin, "CREATE DATABASE " + name);
        return new DatabaseCoordinates(replaceDatabase(admin.jdbcUrl(), name), admin.user(), admin.password());
    }

    public DatabaseCoordinates admin() {
        return admin;
    }

    /** Executes one statement on the given database, outside any pool. */
    public static void execute(DatabaseCoordinates db, String sql) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The same JDBC URL pointing at another database on the same server, parameters kept. */
    public static String replaceDatabase(String jdbcUrl, String database) {
        int schemeEnd = jdbcUrl.indexOf("//");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host/db URL: " + jdbcUrl);
        }
        int pathStart = jdbcUrl.indexOf('/', schemeEnd + 2);
        int query = jdbcUrl.indexOf('?');
        String hostPart = pathStart < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) : jdbcUrl.substring(0, pathStart);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return hostPart + "/" + database + params;
    }
}
