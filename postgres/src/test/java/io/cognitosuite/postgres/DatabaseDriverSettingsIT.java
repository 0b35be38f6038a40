package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;

/**
 * The driver settings of {@link Database#pooled} read back from live connections and proven by their effect on
 * a real server: no row detail in a constraint error, and a read on a hung server ends at the socket timeout.
 * (The connect and login timeouts are checked as the driver reads them in {@link DatabasePoolConfigTest}: HikariCP
 * also sets {@code DriverManager}'s login timeout, which pgjdbc falls back to, so their effect alone cannot tell.)
 */
class DatabaseDriverSettingsIT {
    private static final String EMAIL = "lin@example.com";

    @Test
    void liveConnection_hasTheSocketTimeout_theApplicationName_andNoServerErrorDetail() {
        DatabaseCoordinates db = TestDatabases.shared().createDatabase("driver_settings");
        DatabaseSettings settings = MigratedDatabase.settings(db).withStatementTimeout(Duration.ofMillis(1500));
        try (Database database = Database.pooled(settings)) {
            record Live(int networkTimeoutMillis, boolean logServerErrorDetail, String applicationName) {
            }
            Live live = database.withConnection(c -> {
                PgConnection pg = c.unwrap(PgConnection.class);
                return new Live(pg.getNetworkTimeout(), pg.getLogServerErrorDetail(), show(c, "application_name"));
            });

            assertThat(live.networkTimeoutMillis()).as("socketTimeout: statement timeout rounded up, plus 1 s")
                    .isEqualTo(3000);
            assertThat(live.logServerErrorDetail()).isFalse();
            assertThat(live.applicationName()).isEqualTo("cognito-suite");
        }
    }

    @Test
    void checkViolation_carriesNoRowValues_inAnyMessageOrStackTrace() {
        try (MigratedDatabase db = MigratedDatabase.create("driver_check")) {
            DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                    () -> insertUser(db.database(), "s".repeat(129), EMAIL));

            assertThat(failure.sqlState()).isEqualTo("23514");
            assertThat(everythingALogCouldPrint(failure)).contains("app_users_cognito_sub_length")
                    .doesNotContain(EMAIL).doesNotContain("Failing row");
        }
    }

    @Test
    void uniqueViolation_carriesNoKeyValue_inAnyMessageOrStackTrace() {
        try (MigratedDatabase db = MigratedDatabase.create("driver_unique")) {
            String sub = "sub-of-" + EMAIL;
            insertUser(db.database(), sub, EMAIL);

            DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                    () -> insertUser(db.database(), sub, EMAIL));

            assertThat(failure.sqlState()).isEqualTo("23505");
            assertThat(everythingALogCouldPrint(failure)).contains("app_users_cognito_sub_key")
                    .doesNotContain(EMAIL).doesNotContain("Key (cognito_sub)");
        }
    }

    @Test
    void readOnAHungServer_endsAtTheSocketTimeout_asUnavailable() throws Exception {
        // statement timeout 1 s: the socket timeout is 2 s. The server is frozen mid-call, so only the socket
        // timeout can end the read (a frozen server cancels nothing).
        try (StoppableDatabase db = StoppableDatabase.start()) {
            long[] elapsedNanos = new long[1];
            CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> catchThrowableOfType(
                    DataAccessException.class, () -> db.database().withConnection(c -> {
                        db.server().freeze();
                        long started = System.nanoTime();
                        try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                            return rs.next();
                        } finally {
                            elapsedNanos[0] = System.nanoTime() - started;
                        }
                    })));
            try {
                Throwable failure = call.get(8, TimeUnit.SECONDS);

                assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
                assertThat(Duration.ofNanos(elapsedNanos[0])).isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
            } finally {
                db.server().thaw();
            }
        }
    }

    private static int insertUser(Database database, String sub, String email) {
        return database.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO app_users (cognito_sub, user_pool_id, username, email) VALUES (?, 'pool', ?, ?)")) {
                ps.setString(1, sub);
                ps.setString(2, email);
                ps.setString(3, email);
                return ps.executeUpdate();
            }
        });
    }

    private static Integer selectOne(Database database) {
        return database.withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static String show(Connection c, String setting) throws java.sql.SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The exception as a log line with its stack trace would print it: every message of every cause. */
    private static String everythingALogCouldPrint(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
