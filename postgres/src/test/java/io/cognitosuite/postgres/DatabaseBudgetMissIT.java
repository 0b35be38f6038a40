package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.DatabaseCoordinates;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded call that runs out of its own time says nothing about the other connections: the server is healthy,
 * so the pool keeps them. (A lost connection, restart or failover, still evicts them: {@code DatabaseOutageIT}.)
 */
class DatabaseBudgetMissIT {
    private static final Duration BUDGET = Duration.ofMillis(400);
    /** Long enough that only the call's own deadline can end it (the shared test server has no statement_timeout). */
    private static final String SLOW_QUERY = "SELECT pg_sleep(20) /* budget-miss */";

    private static MigratedDatabase db;

    @BeforeAll
    static void create() {
        db = MigratedDatabase.create("budget_miss");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void statementPastItsBudget_failsAsUnavailableWithANonConnectionState_andThePoolKeepsItsOtherConnection() throws Exception {
        Database database = db.database();
        givenTwoIdleConnections(database);

        DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                () -> database.withConnection(Deadline.after(BUDGET, Clock.systemUTC()), c -> execute(c, SLOW_QUERY)));

        // The aborted connection is dropped; the other one, which nothing happened to, stays.
        HikariPoolMXBean pool = pool(database);
        assertThat(within(Duration.ofSeconds(2), () -> pool.getTotalConnections() == 1))
                .as("total connections settle at 1").isTrue();
        assertThat(pool.getIdleConnections()).isEqualTo(1);
        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(failure.sqlState()).as("the call's own timeout is not a lost connection").isEqualTo("HYT00");
    }

    @Test
    void connectionPastItsBudget_failsAsUnavailableWithANonConnectionState_andThePoolKeepsItsConnections() throws Exception {
        SlowToLendDataSource slow = new SlowToLendDataSource(db.settings());
        try (Database database = Database.over(slow)) {
            givenTwoIdleConnections(database);
            slow.lendAfter = Duration.ofMillis(1200);

            DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                    () -> database.withConnection(Deadline.after(BUDGET, Clock.systemUTC()), c -> execute(c, "SELECT 1")));

            // The connection that was lent too late goes back to the pool; the idle one was never touched.
            HikariPoolMXBean pool = pool(database);
            assertThat(within(Duration.ofSeconds(3), () -> pool.getActiveConnections() == 0))
                    .as("the late connection is given back").isTrue();
            assertThat(pool.getIdleConnections()).as("both connections still pooled").isEqualTo(2);
            assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(failure.sqlState()).as("the call's own timeout is not a lost connection").isEqualTo("HYT00");
        }
    }

    @Test
    void statementPastItsBudget_stopsRunningOnTheServer_notOnlyOnTheClient() throws Exception {
        Database database = db.database();

        catchThrowableOfType(DataAccessException.class, () -> database.withConnection(Deadline.after(BUDGET, Clock.systemUTC()), c -> execute(c, SLOW_QUERY)));

        // Without a cancel the backend would sleep on: it notices a closed socket only when it next writes.
        assertThat(within(Duration.ofSeconds(2), () -> runningSlowQueries(database) == 0))
                .as("the slow statement still runs on the server").isTrue();
    }

    /**
     * The read's network timeout is the time the call has left, so on a loaded machine the read can time out before
     * the watchdog has fired; the call must still ask the server to cancel its statement, or a statement waiting for
     * a lock runs once the lock is released (reliability's {@code DatabaseHungIT} saw one still waiting 3 s after its
     * call gave up). Here the watchdog is kept busy on purpose: another call's connection takes a second to abort.
     */
    @Test
    void readTimingOutBeforeTheWatchdogFires_stillCancelsItsStatementOnTheServer() throws Exception {
        Database database = db.database();
        givenALockTargetRow(database);
        DatabaseCoordinates coordinates = db.coordinates();
        Throwable failure;
        boolean cancelled;
        try (Connection holder = DriverManager.getConnection(coordinates.jdbcUrl(), coordinates.user(), coordinates.password());
             Statement lock = holder.createStatement();
             Database slowToAbort = Database.over(new SlowToAbortDataSource(coordinates, Duration.ofSeconds(1)))) {
            holder.setAutoCommit(false);
            lock.execute("SELECT n FROM lock_target WHERE id = 1 FOR UPDATE");
            CompletableFuture<Throwable> watchdogBusy = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                    slowToAbort.withConnection(Deadline.after(Duration.ofMillis(200), Clock.systemUTC()),
                            c -> c.createStatement().executeUpdate(LOCKED_UPDATE.formatted("watchdog-busy")))));
            Thread.sleep(100);

            failure = catchThrowable(() -> database.withConnection(Deadline.after(Duration.ofMillis(300), Clock.systemUTC()),
                    c -> c.createStatement().executeUpdate(LOCKED_UPDATE.formatted("read-timed-out"))));

            cancelled = within(Duration.ofSeconds(2), () -> waitingForTheLock(database, "read-timed-out") == 0);
            assertThat(watchdogBusy.get(10, TimeUnit.SECONDS)).isInstanceOf(DatabaseUnavailableException.class);
            holder.rollback();
        }
        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(cancelled).as("the statement of the call that gave up no longer waits for the lock").isTrue();
        assertThat(within(Duration.ofMillis(500), () -> db.count("SELECT n FROM lock_target WHERE id = 1") > 0))
                .as("an update ran after its call gave up").isFalse();
    }

    /**
     * A read that times out at the pool's socket timeout (here 2 s: the default statement timeout of 1 s, plus 1 s),
     * long before the call's deadline, leaves no statement behind on the server: one waiting for a lock would
     * otherwise run once the lock is released (the shared test server has no {@code statement_timeout}). It fails as
     * the database being unavailable, with the driver's connection state, not as a call out of its own time.
     */
    @Test
    void readTimingOutAtTheSocketTimeoutBeforeTheDeadline_failsAsUnavailable_andCancelsItsStatementOnTheServer()
            throws Exception {
        Database database = db.database();
        givenALockTargetRow(database);
        DatabaseCoordinates coordinates = db.coordinates();
        Duration deadline = Duration.ofSeconds(10);
        Throwable failure;
        Duration took;
        boolean cancelled;
        try (Connection holder = DriverManager.getConnection(coordinates.jdbcUrl(), coordinates.user(), coordinates.password());
             Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("SELECT n FROM lock_target WHERE id = 1 FOR UPDATE");

            long started = System.nanoTime();
            failure = catchThrowable(() -> database.withConnection(Deadline.after(deadline, Clock.systemUTC()),
                    c -> c.createStatement().executeUpdate(LOCKED_UPDATE.formatted("socket-timeout"))));
            took = Duration.ofNanos(System.nanoTime() - started);

            cancelled = within(Duration.ofSeconds(2), () -> waitingForTheLock(database, "socket-timeout") == 0);
            holder.rollback();
        }
        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(((DataAccessException) failure).sqlState()).as("a read that timed out, not the call's own deadline")
                .startsWith("08");
        assertThat(failure.getMessage()).doesNotContain("did not finish within");
        assertThat(took).as("socket timeout 2 s, deadline %s", deadline).isLessThan(Duration.ofSeconds(4));
        assertThat(cancelled).as("the statement of the call that gave up no longer waits for the lock").isTrue();
        assertThat(within(Duration.ofMillis(500), () -> db.count("SELECT n FROM lock_target WHERE id = 1") > 0))
                .as("an update ran after its call gave up").isFalse();
    }

    private static void givenALockTargetRow(Database database) {
        database.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS lock_target (id int PRIMARY KEY, n int NOT NULL)");
                s.execute("INSERT INTO lock_target VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0");
            }
            return null;
        });
    }

    private static final String LOCKED_UPDATE = "UPDATE lock_target SET n = n + 1 WHERE id = 1 /* %s */";

    private static long waitingForTheLock(Database database, String marker) {
        return MigratedDatabase.count(database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE '%/* " + marker + " */%' AND pid <> pg_backend_pid()");
    }

    /** Plain driver connections whose {@code abort} takes {@code abortTakes}: it holds up the watchdog that calls it. */
    private static final class SlowToAbortDataSource extends org.postgresql.ds.PGSimpleDataSource {
        private final Duration abortTakes;

        SlowToAbortDataSource(DatabaseCoordinates coordinates, Duration abortTakes) {
            setUrl(coordinates.jdbcUrl());
            setUser(coordinates.user());
            setPassword(coordinates.password());
            this.abortTakes = abortTakes;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("abort")) {
                            Thread.sleep(abortTakes.toMillis());
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private static long runningSlowQueries(Database database) {
        return MigratedDatabase.count(database, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND query = '" + SLOW_QUERY + "' AND pid <> pg_backend_pid()");
    }

    /** Two connections at once, both returned: the pool (size 2) holds two idle connections. */
    private static void givenTwoIdleConnections(Database database) {
        boolean answered = database.withConnection(first -> database.withConnection(second -> execute(second, "SELECT 1")));
        assertThat(answered).isTrue();
        assertThat(pool(database).getIdleConnections()).isEqualTo(2);
    }

    private static boolean execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    static HikariPoolMXBean pool(Database database) {
        return ((HikariDataSource) database.dataSource()).getHikariPoolMXBean();
    }

    static boolean within(Duration wait, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * The suite's own pool, which lends a connection only after {@link #lendAfter}: a healthy server and pool whose
     * lending is slower than a call's budget (as when the pool validates or opens a connection).
     */
    private static final class SlowToLendDataSource extends HikariDataSource {
        volatile Duration lendAfter = Duration.ZERO;

        SlowToLendDataSource(DatabaseSettings settings) {
            super(Database.poolConfig(settings));
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            try {
                Thread.sleep(lendAfter.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return connection;
        }
    }
}
