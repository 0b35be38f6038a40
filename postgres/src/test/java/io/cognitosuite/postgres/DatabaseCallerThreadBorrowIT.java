package io.cognitosuite.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Clock;
import io.cognitosuite.core.time.Deadline;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded call with enough time left borrows its connection on the caller's thread
 * ({@link Database#borrowsOnCallerThread}); its deadline still covers the borrow, which the watchdog interrupts,
 * and the caller is never left with that interrupt. The pool waits up to 3 s for a connection here, so only the
 * deadline can end the borrow in time. The server is frozen for real (SIGSTOP).
 */
class DatabaseCallerThreadBorrowIT {
    /**
     * Just more than the pool's 2 connections times the 500 ms validation timeout plus the 100 ms margin: the
     * caller's thread. Were a validation to take longer than its timeout (pgjdbc's {@code isValid(1)} alone would
     * wait a second), two of them would outlast it.
     */
    private static final Duration BUDGET = Duration.ofMillis(1200);
    /** For a loaded 2-core machine; below two validations of a second each, and the 3 s the pool alone would wait. */
    private static final Duration SLACK = Duration.ofMillis(300);

    private static StoppableDatabase db;

    @BeforeAll
    static void start() {
        db = StoppableDatabase.start(s -> new DatabaseSettings(s.jdbcUrl(), s.user(), s.password(), 2,
                Duration.ofMillis(3000), Duration.ofMillis(500), s.statementTimeout()));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @AfterEach
    void thaw() throws Exception {
        db.server().thaw();
        Thread.interrupted();
        for (int i = 0; i < 10; i++) {
            try {
                selectOne(Duration.ofSeconds(3));
                return;
            } catch (DataAccessException stillRecovering) {
                Thread.sleep(200);
            }
        }
    }

    @Test
    void budget_largerThanEveryValidationTheBorrowCouldWaitFor_borrowsOnTheCallerThread() {
        long left = BUDGET.toNanos();

        assertThat(Database.borrowsOnCallerThread(db.database().dataSource(), left)).isTrue();
        assertThat(Database.borrowsOnCallerThread(db.database().dataSource(), Duration.ofMillis(1100).toNanos()))
                .as("2 connections x 500 ms validation + 100 ms margin do not fit in 1.1 s").isFalse();
    }

    @Test
    void twoIdleConnectionsDeadAfterAHang_failsWithinItsBudget_andLeavesTheCallerUninterrupted() throws Exception {
        givenTwoIdleConnections();
        Thread.sleep(700); // past the pool's 500 ms alive-bypass window: the borrow validates both, one after the other
        db.server().freeze();

        long started = System.nanoTime();
        DataAccessException failure = catchThrowableOfType(DataAccessException.class, () -> selectOne(BUDGET));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(failure.sqlState()).as("the call's own timeout is not a lost connection").isEqualTo("HYT00");
        assertThat(took).isLessThan(BUDGET.plus(SLACK));
        assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt was cleared").isFalse();
    }

    @Test
    void statementPastTheDeadline_afterACallerThreadBorrow_isEndedAtTheDeadline() {
        long started = System.nanoTime();
        DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                () -> db.database().withConnection(Deadline.after(BUDGET, Clock.systemUTC()), c -> c.createStatement().execute("SELECT pg_sleep(20)")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(took).isLessThan(BUDGET.plus(SLACK));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void healthyServer_manyCallsInARow_answerAndNeverLeaveAnInterrupt() {
        for (int i = 0; i < 200; i++) {
            assertThat(selectOne(BUDGET)).isEqualTo(1);
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private static void givenTwoIdleConnections() throws Exception {
        try (Connection first = db.database().dataSource().getConnection();
             Connection second = db.database().dataSource().getConnection()) {
            first.createStatement().execute("SELECT 1");
            second.createStatement().execute("SELECT 1");
        }
        assertThat(((com.zaxxer.hikari.HikariDataSource) db.database().dataSource()).getHikariPoolMXBean()
                .getIdleConnections()).isEqualTo(2);
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
