package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.time.Deadline;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cognitosuite.postgres.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutor;

/**
 * The one helper that owns connections and transactions. Repositories pass it a {@link SqlWork} and
 * never repeat try/commit/rollback. SQL failures come out as {@link DataAccessException}, with
 * {@link DatabaseUnavailableException} when the server cannot be reached in time.
 *
 * <p>The pool is created on first use, not at construction, so that building a handler opens no
 * socket (SnapStart snapshots and cold starts stay free of database work).
 */
public final class Database implements AutoCloseable {
    private final Supplier<DataSource> factory;
    private volatile DataSource dataSource;
    private boolean closed;

    private Database(Supplier<DataSource> factory) {
        this.factory = factory;
    }

    /** A database over a HikariCP pool built from the settings on first use. */
    public static Database pooled(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Database(() -> new HikariDataSource(poolConfig(settings)));
    }

    /** A database over a data source owned by the caller. */
    public static Database over(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Database(() -> dataSource);
    }

    /** Runs the work in one transaction: commit when it returns, roll back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(() -> dataSource().getConnection(), work);
    }

    /** Runs the work on one connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        return withConnection(() -> dataSource().getConnection(), work);
    }

    /** Where a call gets its connection: straight from the pool, or on a {@link BoundedCall}'s bounded path. */
    @FunctionalInterface
    private interface ConnectionSource {
        Connection get() throws SQLException;

        /**
         * Whether the call ran out of its own time. Then a broken connection is its own doing (aborted at the
         * deadline, or a network timeout set to the time left) and says nothing about the pool's other connections.
         */
        default boolean ranOutOfTime() {
            return false;
        }
    }

    private <T> T inTransaction(ConnectionSource source, SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = source.get()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw failure("transaction", e, source);
        }
    }

    private <T> T withConnection(ConnectionSource source, SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = source.get()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("query", e, source);
        }
    }

    /**
     * Like {@link #withConnection(SqlWork)}, but with a hard {@code deadline}, getting the connection included:
     * <ul>
     *   <li>when no connection is idle and less time is left than the pool's connect timeout, the call fails at
     *       once instead of waiting past the deadline;</li>
     *   <li>the connection is got on a bounded path: validating an idle connection whose server stopped
     *       answering, and connecting again, can take longer than the time left (HikariCP has no per-call
     *       timeout), so the call stops waiting at the deadline and fails; a connection that comes later goes
     *       back to the pool;</li>
     *   <li>what is left becomes the connection's network timeout, so a server that stops answering ends a read;</li>
     *   <li>a watchdog aborts the connection at the deadline, which ends any statement or commit still running on
     *       the client, and sends the server a cancel request for it (closing the socket alone does not stop the
     *       server's statement: see {@link BoundedCall#cancelOnServer}).</li>
     * </ul>
     * The server's {@code statement_timeout} (on the app's role, put there by the schema migration, {@code io.cognitosuite.schema.Migrations}) still applies. A call
     * that runs out of its own time fails with SQL state {@value #OWN_TIMEOUT_STATE}, not a connection state: the
     * pool's other connections are kept. {@link Deadline#none} is the unbounded {@link #withConnection(SqlWork)}.
     *
     * @throws DatabaseUnavailableException when the time runs out
     */
    public <T> T withConnection(Deadline deadline, SqlWork<T> work) {
        if (!Objects.requireNonNull(deadline, "deadline").isBounded()) {
            return withConnection(work);
        }
        BoundedCall call = new BoundedCall(checked(deadline.left()), dataSource());
        return call.run(() -> withConnection(call, call.limit(work)));
    }

    /** Like {@link #inTransaction(SqlWork)}, bounded as {@link #withConnection(Deadline, SqlWork)} is, commit included. */
    public <T> T inTransaction(Deadline deadline, SqlWork<T> work) {
        if (!Objects.requireNonNull(deadline, "deadline").isBounded()) {
            return inTransaction(work);
        }
        BoundedCall call = new BoundedCall(checked(deadline.left()), dataSource());
        return call.run(() -> inTransaction(call, call.limit(work)));
    }

    /**
     * The SQL state of a bounded call that ran out of its own time ("timeout expired"). Not an {@code 08} connection
     * state, which would make {@link #failure} evict the healthy connections of the pool; still
     * {@link DatabaseUnavailableException}, which the callers' fallbacks and the consumer's outage backoff expect.
     */
    static final String OWN_TIMEOUT_STATE = "HYT00";

    /** Refuses a call that cannot finish in time before it starts waiting. */
    private Duration checked(Duration timeout) {
        if (timeout.isZero()) {
            throw new DatabaseUnavailableException("no time left for the database", null, null);
        }
        if (dataSource() instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null
                && hikari.getHikariPoolMXBean().getIdleConnections() == 0
                && timeout.toMillis() < hikari.getConnectionTimeout()) {
            // A new connection may take the whole connect timeout, which is more than is left.
            throw new DatabaseUnavailableException("no idle connection and only " + timeout.toMillis()
                    + " ms left, less than the connect timeout", null, null);
        }
        return timeout;
    }

    /**
     * One call with a deadline that starts before the connection is got: getting it waits at most until the
     * deadline, the connection has the time left as its network timeout, and a watchdog aborts that connection
     * when the deadline passes (statements, commit and all), after asking the server to cancel what it runs.
     */
    private static final class BoundedCall implements ConnectionSource {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-deadline");
            t.setDaemon(true);
            return t;
        });
        /**
         * Gets connections for bounded calls, so that the caller can stop waiting. A thread stays busy while the
         * pool validates a dead connection or connects (at most about the validation plus the connect timeout).
         */
        private static final ExecutorService ACQUIRERS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "database-acquire");
            t.setDaemon(true);
            return t;
        });

        private final Duration timeout;
        private final DataSource dataSource;
        private final long deadlineNanos;
        private volatile ScheduledFuture<?> watchdog;
        private volatile boolean fired;

        BoundedCall(Duration timeout, DataSource dataSource) {
            this.timeout = timeout;
            this.dataSource = dataSource;
            this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public Connection get() throws SQLException {
            return acquire();
        }

        @Override
        public boolean ranOutOfTime() {
            return fired || deadlineNanos - System.nanoTime() <= 0;
        }

        /**
         * The pool's connection, or a failure at the deadline. Fails towards "unavailable": the caller then falls
         * back by its own policy, in time, rather than answering late.
         */
        private Connection acquire() throws SQLException {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0) {
                throw new SQLTransientConnectionException("no time left to get a connection (budget "
                        + timeout.toMillis() + " ms)", OWN_TIMEOUT_STATE);
            }
            CompletableFuture<Connection> pending = new CompletableFuture<>();
            try {
                ACQUIRERS.execute(() -> {
                    try {
                        pending.complete(dataSource.getConnection());
                    } catch (SQLException | RuntimeException e) {
                        pending.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new SQLTransientConnectionException("could not start getting a connection", OWN_TIMEOUT_STATE, e);
            }
            try {
                return pending.get(leftNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                giveBackWhenItComes(pending);
                throw new SQLTransientConnectionException("no connection within the budget of " + timeout.toMillis()
                        + " ms", OWN_TIMEOUT_STATE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                giveBackWhenItComes(pending);
                throw new SQLTransientConnectionException("interrupted while getting a connection", OWN_TIMEOUT_STATE, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new SQLTransientConnectionException("could not get a connection", null, e.getCause());
            }
        }

        /** A connection that arrives after the caller gave up returns to the pool. */
        private static void giveBackWhenItComes(CompletableFuture<Connection> pending) {
            pending.thenAccept(connection -> {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // a broken connection: the pool evicts it
                }
            });
        }

        <T> SqlWork<T> limit(SqlWork<T> work) {
            return connection -> {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    throw new SQLTransientConnectionException("no time left after waiting for a connection (budget "
                            + timeout.toMillis() + " ms)", OWN_TIMEOUT_STATE);
                }
                // Rounded up: a read that times out never ends before the deadline, so ranOutOfTime() sees it as ours.
                int leftMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (leftNanos + 999_999) / 1_000_000));
                connection.setNetworkTimeout(Runnable::run, leftMillis);
                watchdog = TIMER.schedule(() -> abort(connection), leftNanos, TimeUnit.NANOSECONDS);
                return work.run(connection);
            };
        }

        <T> T run(Supplier<T> call) {
            try {
                return call.get();
            } catch (DataAccessException e) {
                // A read that timed out at the deadline may fail before the watchdog has fired; a data error that
                // merely came late is still a data error.
                if (fired || (e.isTransient() && ranOutOfTime())) {
                    throw new DatabaseUnavailableException("database work did not finish within " + timeout.toMillis()
                            + " ms", OWN_TIMEOUT_STATE, e);
                }
                throw e;
            } finally {
                ScheduledFuture<?> scheduled = watchdog;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }

        private void abort(Connection connection) {
            fired = true;
            cancelOnServer(connection);
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the connection is already closed or broken: the caller fails either way
            }
        }

        /**
         * Asks the server to cancel the statement the connection runs. {@code abort} only closes the socket, and a
         * backend notices a closed client only when it next writes: a statement would run on, holding its locks, up
         * to the role's {@code statement_timeout} ({@code DatabaseBudgetMissIT} sees {@code pg_sleep} still running).
         * A cancel request goes on a connection of its own, so it is sent on another thread (on a hung server it
         * waits up to the driver's {@code cancelSignalTimeout}, the connect timeout), never delaying the abort. Best
         * effort: if it cannot be sent, the statement runs at most the role's {@code statement_timeout}. The driver's
         * {@code PGConnection.cancelQuery()} refuses once the connection is closed, which the abort right after does,
         * so the request is sent through the connection's query executor, which keeps the server's cancel key.
         */
        private static void cancelOnServer(Connection connection) {
            try {
                QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
                ACQUIRERS.execute(() -> {
                    try {
                        executor.sendQueryCancel();
                    } catch (SQLException | RuntimeException ignored) {
                        // best effort: the role's statement_timeout still ends the statement
                    }
                });
            } catch (SQLException | RuntimeException ignored) {
                // not a pgjdbc connection, or no thread to send it on: the role's statement_timeout still applies
            }
        }
    }

    /** The underlying data source (for Flyway and tests). */
    public DataSource dataSource() {
        DataSource local = dataSource;
        if (local == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("database is closed");
                }
                local = dataSource;
                if (local == null) {
                    local = factory.get();
                    dataSource = local;
                }
            }
        }
        return local;
    }

    /**
     * Translates the failure; when the server dropped a connection (it restarted or failed over), the
     * other idle connections are dead too, so they are evicted instead of failing the next calls one
     * by one. Not when the call ran out of its own time: it broke its own connection (abort, network timeout),
     * and evicting would empty a healthy pool.
     */
    private DataAccessException failure(String action, SQLException e, ConnectionSource source) {
        DataAccessException translated = SqlFailures.translate(action, e);
        if (!source.ranOutOfTime() && SqlFailures.isConnectionLost(e) && dataSource instanceof HikariDataSource hikari
                && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
        }
        return translated;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.close();
        }
        dataSource = null;
    }

    static HikariConfig poolConfig(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cognito-suite");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(settings.validationTimeout().toMillis());
        // Do not connect while the pool is built: the first call connects, inside its own deadline.
        config.setInitializationFailTimeout(-1);
        config.setMaxLifetime(600_000);
        config.setIdleTimeout(300_000);
        // pgjdbc reads its properties with Properties.getProperty, which returns null for anything but a String:
        // a Long or Boolean here would be silently ignored (DatabasePoolConfigTest reads them as the driver does).
        String connectSeconds = Long.toString(Math.max(1, ceilSeconds(settings.connectTimeout().toMillis())));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        // How long a cancel request sent at a bounded call's deadline may wait (default 10 s), on a thread of its own.
        config.addDataSourceProperty("cancelSignalTimeout", connectSeconds);
        // A hung server would otherwise block a read forever; the role's statement_timeout covers a slow query.
        config.addDataSourceProperty("socketTimeout",
                Long.toString(ceilSeconds(settings.statementTimeout().toMillis()) + 1));
        // Nothing here may change session state after connecting: RDS Proxy pins every session that runs SET (or
        // set_config, PREPARE, ...), so the statement timeout is on the app's role (Migrations puts it there) and
        // takes effect when a session starts. See the README's "RDS Proxy" notes in deploy/README.md.
        // Without this pgjdbc runs "SET application_name = ..." (older versions also SET extra_float_digits) after
        // connecting; with it, they go in the start-up message, whose parameters RDS Proxy accepts without pinning.
        config.addDataSourceProperty("assumeMinServerVersion", "9.0");
        // Never switch to named server-prepared statements (by default after 5 runs of one statement), which
        // are session state too: every statement is parsed as the unnamed one.
        config.addDataSourceProperty("prepareThreshold", "0");
        config.addDataSourceProperty("ApplicationName", "cognito-suite");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Server error details quote row values (emails); keep them out of exception messages and logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return config;
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    private static void rollbackQuietly(Connection connection, Exception original) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            original.addSuppressed(rollbackFailure);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; Hikari evicts it when it is returned
        }
    }
}
