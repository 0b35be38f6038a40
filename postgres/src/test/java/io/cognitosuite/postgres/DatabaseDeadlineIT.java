package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.core.time.Deadline;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded call's deadline covers getting the connection: validating a dead idle connection (the server hung
 * after the pool kept it) and connecting again must not outlast it. The server is frozen for real (SIGSTOP).
 */
class DatabaseDeadlineIT {
    private static final Duration BUDGET = Duration.ofMillis(600);
    /** For a loaded 2-core machine; well below the ~1 s a validation or a reconnect alone can take. */
    private static final Duration SLACK = Duration.ofMillis(200);

    private static StoppableDatabase db;

    @BeforeAll
    static void start() {
        db = StoppableDatabase.start();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @AfterEach
    void thaw() throws Exception {
        db.server().thaw();
        // Leave a working pool behind: connections that saw the hang are evicted as they fail.
        for (int i = 0; i < 5; i++) {
            try {
                selectOne(Duration.ofSeconds(3));
                return;
            } catch (DataAccessException stillRecovering) {
                Thread.sleep(100);
            }
        }
    }

    @Test
    void withConnection_idleConnectionDeadAfterAHang_failsWithinItsBudget_acquisitionIncluded() throws Exception {
        givenAnIdleConnectionThatHungWhileIdle();

        long started = System.nanoTime();
        DataAccessException failure = catchThrowableOfType(DataAccessException.class, () -> selectOne(BUDGET));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(took).isLessThan(BUDGET.plus(SLACK));
    }

    @Test
    void inTransaction_idleConnectionDeadAfterAHang_failsWithinItsBudget_acquisitionIncluded() throws Exception {
        givenAnIdleConnectionThatHungWhileIdle();

        long started = System.nanoTime();
        DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                () -> db.database().inTransaction(Deadline.after(BUDGET, Clock.systemUTC()), c -> c.createStatement().executeUpdate(
                        "UPDATE app_users SET updated_at = now() WHERE false")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(took).isLessThan(BUDGET.plus(SLACK));
    }

    @Test
    void withConnection_connectionThatArrivesAfterTheDeadline_goesBackToThePool() throws Exception {
        givenAnIdleConnectionThatHungWhileIdle();
        catchThrowableOfType(DatabaseUnavailableException.class, () -> selectOne(BUDGET));

        // Thawed while the pool still validates the idle connection: it answers, and the pool lends the connection
        // to a caller that has already given up.
        db.server().thaw();

        HikariPoolMXBean pool = ((HikariDataSource) db.database().dataSource()).getHikariPoolMXBean();
        assertThat(DatabaseBudgetMissIT.within(Duration.ofSeconds(3),
                () -> pool.getActiveConnections() == 0 && pool.getIdleConnections() == 1))
                .as("the late connection is idle in the pool, not lent for ever (active %d, idle %d)",
                        pool.getActiveConnections(), pool.getIdleConnections())
                .isTrue();
    }

    /**
     * The pool's socket timeout (here the default statement timeout of 1 s, so 2 s) is the longest a read may block,
     * whatever the deadline: a call with 10 s left whose server hangs mid-call fails at the socket timeout, as the
     * database being unavailable (the consumer then fails its items long before its own deadline). Before the cap the
     * read's network timeout was the 10 s left.
     */
    @Test
    void withConnection_serverHangsMidCall_failsAtThePoolsSocketTimeout_notAtItsLongerDeadline() {
        Duration deadline = Duration.ofSeconds(10);
        long started = System.nanoTime();
        DataAccessException failure;
        try {
            failure = catchThrowableOfType(DataAccessException.class,
                    () -> db.database().withConnection(Deadline.after(deadline, Clock.systemUTC()), c -> {
                        try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                            rs.next();
                        }
                        db.server().freeze();
                        try (ResultSet rs = c.createStatement().executeQuery("SELECT 2")) {
                            return rs.next();
                        }
                    }));
        } finally {
            db.server().thaw();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(failure.isTransient()).isTrue();
        assertThat(took).as("socket timeout 2 s, deadline %s", deadline)
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void withConnection_healthyServer_stillAnswersWithinItsBudget() {
        assertThat(selectOne(BUDGET)).isEqualTo(1);
        assertThat(selectOne(BUDGET)).isEqualTo(1);
    }

    /**
     * One idle connection in the pool, idle longer than HikariCP's 500 ms alive-bypass window (so the next
     * borrow validates it), and then the server hangs.
     */
    private static void givenAnIdleConnectionThatHungWhileIdle() throws InterruptedException {
        assertThat(selectOne(Duration.ofSeconds(3))).isEqualTo(1);
        Thread.sleep(700);
        db.server().freeze();
    }

    private static int selectOne(Duration budget) {
        return db.database().withConnection(Deadline.after(budget, Clock.systemUTC()), c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
