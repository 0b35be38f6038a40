package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.core.time.Deadline;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
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
