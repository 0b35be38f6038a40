package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database really stopped (pg_ctl stop) and started again, not a mock. */
class DatabaseOutageIT {
    private static EmbeddedPostgresServer server;
    private static DatabaseSettings settings;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgresServer.start();
        DatabaseCoordinates db = server.postgresDatabase();
        settings = DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void database_stopped_failsAsUnavailableWithinTheConnectTimeout_thenRecovers() {
        try (Database database = Database.pooled(settings)) {
            assertThat(selectOne(database)).isEqualTo(1);

            server.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> selectOne(database))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e).isTransient()).isTrue());
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // A bound on the wait, not a speed test: the budget is connect timeout (1 s) plus slack.
            assertThat(waited).isLessThan(Duration.ofSeconds(3));

            server.startAgain();
            assertThat(selectOne(database)).isEqualTo(1);
        } finally {
            server.startAgain();
        }
    }

    private static int selectOne(Database database) {
        return database.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
