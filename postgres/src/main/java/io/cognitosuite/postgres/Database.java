package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.time.Deadline;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
    /** No socket timeout known (a data source owned by the caller): a bounded call's read may block until its deadline. */
    private static final long NO_SOCKET_TIMEOUT = 0;

    private final Supplier<DataSource> factory;
    /**
     * The pool's socket timeout in milliseconds, the longest any read may block; {@link #NO_SOCKET_TIMEOUT} when not
     * known. A bounded call's network timeout is the time it has left, never more than this.
     */
    private final long socketTimeoutMillis;
    private volatile DataSource dataSource;
    private boolean closed;

    private Database(Supplier<DataSource> factory, long socketTimeoutMillis) {
        this.factory = factory;
        this.socketTimeoutMillis = socketTimeoutMillis;
    }

    /** A database over a HikariCP pool built from the settings on first use. */
    public static Database pooled(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Database(() -> new HikariDataSource(poolConfig(settings)), socketTimeoutSeconds(settings) * 1000);
    }

    /**
     * A database over a data source owned by the caller. Its socket timeout is not known here, so a bounded call's
     * network timeout is the time it has left.
     */
    public static Database over(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Database(() -> dataSource, NO_SOCKET_TIMEOUT);
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

        /** Called once the work (and commit) is over, before the connection is closed, i.e. returned to the pool. */
        default void releasing() {
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
                source.releasing();
            }
        } catch (SQLException e) {
            throw failure("transaction", e, source);
        }
    }

    private <T> T withConnection(ConnectionSource source, SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = source.get()) {
            try {
                return work.run(connection);
            } finally {
                source.releasing();
            }
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
     *   <li>what is left becomes the connection's network timeout, so a server that stops answering ends a read;
     *       but never more than the pool's socket timeout ({@code DATABASE_STATEMENT_TIMEOUT_MS} plus 1 s, see
     *       {@link #pooled}): that is the longest any read may block, and a deadline can only shorten it. A read that
     *       times out at the socket timeout, before the deadline, fails as {@link DatabaseUnavailableException} with
     *       the driver's connection state ({@code 08006}), as a call without a deadline does, and sends the server a
     *       cancel request for its statement (see {@link BoundedCall#cancelIfItsReadTimedOut});</li>
     *   <li>a watchdog aborts the connection at the deadline, which ends any statement or commit still running on
     *       the client, and sends the server a cancel request for it (closing the socket alone does not stop the
     *       server's statement: see {@link BoundedCall#cancelOnServer}); a read whose network timeout ends it before
     *       the watchdog fires sends that cancel request itself.</li>
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
        BoundedCall call = new BoundedCall(checked(deadline.left()), dataSource(), socketTimeoutMillis);
        return call.run(() -> withConnection(call, call.limit(work)));
    }

    /** Like {@link #inTransaction(SqlWork)}, bounded as {@link #withConnection(Deadline, SqlWork)} is, commit included. */
    public <T> T inTransaction(Deadline deadline, SqlWork<T> work) {
        if (!Objects.requireNonNull(deadline, "deadline").isBounded()) {
            return inTransaction(work);
        }
        BoundedCall call = new BoundedCall(checked(deadline.left()), dataSource(), socketTimeoutMillis);
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
     * A bounded call's network timeout: the time it has left, rounded up (a read that times out at the deadline never
     * ends before it, so {@code ranOutOfTime()} sees it as the call's own), capped at the pool's socket timeout when
     * there is one: the deadline can shorten the longest wait of a read, never lengthen it.
     */
    static int networkTimeoutMillis(long leftNanos, long socketTimeoutMillis) {
        long leftMillis = Math.max(1, (leftNanos + 999_999) / 1_000_000);
        long timeout = socketTimeoutMillis > NO_SOCKET_TIMEOUT ? Math.min(leftMillis, socketTimeoutMillis) : leftMillis;
        return (int) Math.min(Integer.MAX_VALUE, timeout);
    }

    /**
     * What a validation of one idle connection may take beyond its timeout, and the watchdog's interrupt to arrive:
     * a borrow on the caller's thread needs this much time to spare.
     */
    static final Duration CALLER_THREAD_BORROW_MARGIN = Duration.ofMillis(100);

    /**
     * Whether a bounded call with this much time left may borrow its connection on the caller's thread: only when
     * the pool cannot keep the caller past the deadline. That saves the hand-over to a helper thread and back
     * (about 20 µs of a warm call). While HikariCP waits for a connection, the watchdog's interrupt ends the wait
     * at the deadline; what an interrupt cannot end is a validation, a blocking read on an idle connection that was
     * not used for 500 ms (HikariCP's alive-bypass window). Each validation takes at most the validation timeout
     * (HikariCP sets it as the network timeout, and pgjdbc's {@code isValid} keeps a shorter network timeout than
     * its own), a dead connection leaves the pool, and one borrow validates each connection at most once: at most
     * the pool size times the validation timeout, which must fit in the time left with a margin. Otherwise, for a
     * data source that is not HikariCP's, and for a thread already interrupted: the helper thread.
     */
    static boolean borrowsOnCallerThread(DataSource dataSource, long leftNanos) {
        if (!(dataSource instanceof HikariDataSource hikari) || hikari.getHikariPoolMXBean() == null
                || Thread.currentThread().isInterrupted()) {
            return false;
        }
        long validations = TimeUnit.MILLISECONDS.toNanos(hikari.getMaximumPoolSize() * hikari.getValidationTimeout());
        return leftNanos > validations + CALLER_THREAD_BORROW_MARGIN.toNanos();
    }

    /**
     * One call with a deadline that starts before the connection is got: getting it waits at most until the
     * deadline, the connection has the time left as its network timeout, and a watchdog aborts that connection
     * when the deadline passes (statements, commit and all), after asking the server to cancel what it runs.
     */
    private static final class BoundedCall implements ConnectionSource {
        /**
         * Gets connections for bounded calls, so that the caller can stop waiting. A thread stays busy while the
         * pool validates a dead connection or connects (at most about the validation plus the connect timeout).
         */
        private static final ExecutorService ACQUIRERS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "database-acquire");
            t.setDaemon(true);
            return t;
        });

        /** Where the caller is: getting a connection on its own thread (interruptible), or past that. */
        private static final int ELSEWHERE = 0;
        private static final int BORROWING = 1;
        private static final int INTERRUPTED = 2;

        private final Duration timeout;
        private final DataSource dataSource;
        /** The pool's socket timeout, the cap of the network timeout; {@link #NO_SOCKET_TIMEOUT} for none. */
        private final long socketTimeoutMillis;
        private final long deadlineNanos;
        private final AtomicInteger borrow = new AtomicInteger(ELSEWHERE);
        private volatile Thread borrower;
        private volatile boolean interruptSent;
        /** Whether the watchdog's interrupt reached the borrower (interrupt() did not throw). */
        private volatile boolean interruptDelivered;
        /** Whether the borrower was already interrupted, by someone else, when the watchdog interrupted it. */
        private volatile boolean interruptedBeforeUs;
        private volatile Connection running;
        /**
         * The pgjdbc query executor of {@link #running}, taken while the connection is open: once a read fails with a
         * broken connection the pool swaps the proxy's delegate for a closed one, and the connection no longer
         * unwraps, so the watchdog's cancel goes through this instead.
         */
        private volatile QueryExecutor runningExecutor;
        private volatile boolean fired;
        /** Set once the watchdog's {@link #deadlineReached} is over, whether it returned or threw. */
        private volatile boolean fireFinished;

        BoundedCall(Duration timeout, DataSource dataSource, long socketTimeoutMillis) {
            this.timeout = timeout;
            this.dataSource = dataSource;
            this.socketTimeoutMillis = socketTimeoutMillis;
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
         * Forgets the call before its connection goes back to the pool, where another call may get it: the watchdog
         * must never abort or cancel through a connection that is no longer this call's. When the watchdog took the
         * call first, this waits until it is done with it (an abort and handing a cancel to another thread).
         */
        @Override
        public void releasing() {
            if (!DeadlineWatch.WATCH.forget(this)) {
                // Taken by the watchdog, which fires it (perhaps not yet begun): wait until it is done.
                while (!fireFinished) {
                    Thread.onSpinWait();
                }
            }
            running = null;
            runningExecutor = null;
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
            return borrowsOnCallerThread(dataSource, leftNanos) ? borrowOnCallerThread() : acquireOnHelperThread(leftNanos);
        }

        /**
         * Borrows on the caller's thread. At the deadline the watchdog either finds the caller still borrowing and
         * interrupts it (HikariCP then stops waiting and fails), or finds it past the borrow. The caller never
         * leaves with an interrupt of ours pending: when the watchdog took the borrow over, the caller waits for
         * its interrupt to arrive and clears it before it fails.
         */
        private Connection borrowOnCallerThread() throws SQLException {
            borrower = Thread.currentThread();
            borrow.set(BORROWING);
            if (fired) {
                // The deadline passed before the borrow began, when there was nothing to interrupt.
                if (!borrow.compareAndSet(BORROWING, ELSEWHERE)) {
                    clearOurInterrupt();
                }
                throw new SQLTransientConnectionException("no time left to get a connection (budget "
                        + timeout.toMillis() + " ms)", OWN_TIMEOUT_STATE);
            }
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException | RuntimeException e) {
                if (borrow.compareAndSet(BORROWING, ELSEWHERE)) {
                    throw e;
                }
                clearOurInterrupt();
                throw new SQLTransientConnectionException("no connection within the budget of " + timeout.toMillis()
                        + " ms", OWN_TIMEOUT_STATE, e);
            }
            if (borrow.compareAndSet(BORROWING, ELSEWHERE)) {
                return connection;
            }
            // The deadline passed just as the connection came: it goes back, and the call fails as out of time.
            clearOurInterrupt();
            connection.close();
            throw new SQLTransientConnectionException("no time left after getting a connection (budget "
                    + timeout.toMillis() + " ms)", OWN_TIMEOUT_STATE);
        }

        /**
         * Waits for the watchdog's interrupt (sent right after it took the borrow over), then clears it. An interrupt
         * someone else had sent before ours is restored; one that arrives after ours cannot be told from it.
         */
        private void clearOurInterrupt() {
            while (!interruptSent) {
                Thread.yield();
            }
            if (!interruptDelivered) {
                return;
            }
            Thread.interrupted();
            if (interruptedBeforeUs) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Gets the connection on a helper thread, so that the caller can stop waiting at the deadline whatever the
         * pool does meanwhile.
         */
        private Connection acquireOnHelperThread(long leftNanos) throws SQLException {
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
                connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis(leftNanos, socketTimeoutMillis));
                QueryExecutor executor = queryExecutor(connection);
                runningExecutor = executor;
                running = connection;
                if (fired) {
                    // The watchdog fired before it could see this connection: nothing may run on it.
                    throw new SQLTransientConnectionException("no time left after getting a connection (budget "
                            + timeout.toMillis() + " ms)", OWN_TIMEOUT_STATE);
                }
                try {
                    return work.run(connection);
                } catch (SQLException | RuntimeException e) {
                    cancelIfItsReadTimedOut(executor);
                    throw e;
                }
            };
        }

        /**
         * A read that timed out leaves the server's statement running: the call forgets its watch on the way out
         * ({@link #releasing}) and nothing would ask the server to stop it, so one waiting for a lock would run once
         * the lock is released ({@code DatabaseBudgetMissIT}; reliability's {@code DatabaseHungIT} saw it). That
         * happens when the read times out at the pool's socket timeout, before the deadline, and also at the deadline
         * on a busy machine, before the watchdog has fired. So a failed call the watchdog has not fired sends the cancel
         * itself, only when the driver has closed the connection (a timed-out read does): such a connection is never
         * lent again, so its backend runs nothing of anyone else's when the request arrives (a backend that is gone
         * matches no request). If the watchdog fires meanwhile, it sends the cancel itself, through the same executor
         * ({@link #runningExecutor}), and a second request would find nothing. The connection's query executor is
         * taken before the work, while the connection is open: neither the pool nor the driver unwraps a closed one.
         */
        private void cancelIfItsReadTimedOut(QueryExecutor executor) {
            if (executor != null && !fired && executor.isClosed()) {
                sendCancel(executor);
            }
        }

        /** The connection's pgjdbc query executor (it keeps the server's cancel key), or null for another driver. */
        private static QueryExecutor queryExecutor(Connection connection) {
            try {
                return connection.unwrap(BaseConnection.class).getQueryExecutor();
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }

        <T> T run(Supplier<T> call) {
            // One watch per call, for the borrow and the work alike.
            DeadlineWatch.WATCH.watch(this);
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
                DeadlineWatch.WATCH.forget(this);
            }
        }

        /** At the deadline: interrupts a borrow on the caller's thread, or aborts the connection the work runs on. */
        private void deadlineReached() {
            fired = true;
            if (borrow.compareAndSet(BORROWING, INTERRUPTED)) {
                try {
                    interruptedBeforeUs = borrower.isInterrupted();
                    borrower.interrupt();
                    interruptDelivered = true;
                } finally {
                    // Even when interrupt() throws: the borrower waits for this.
                    interruptSent = true;
                }
                return;
            }
            Connection connection = running;
            if (connection != null) {
                abort(connection, runningExecutor);
            }
        }

        private void abort(Connection connection, QueryExecutor executor) {
            // The executor taken when the work began: a read that failed just now has already made the pool swap
            // the connection's delegate for a closed one, which no longer unwraps (the cancel would be lost).
            if (executor != null) {
                sendCancel(executor);
            } else {
                cancelOnServer(connection);
            }
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
            QueryExecutor executor = queryExecutor(connection);
            if (executor != null) {
                sendCancel(executor);
            }
        }

        /** Sends the cancel request on another thread; best effort: the role's statement_timeout still applies. */
        private static void sendCancel(QueryExecutor executor) {
            try {
                ACQUIRERS.execute(() -> {
                    try {
                        executor.sendQueryCancel();
                    } catch (SQLException | RuntimeException ignored) {
                        // best effort: the role's statement_timeout still ends the statement
                    }
                });
            } catch (RuntimeException ignored) {
                // no thread to send it on: the role's statement_timeout still applies
            }
        }
    }

    /**
     * The watchdog of every bounded call: one thread that sleeps until the earliest deadline among the calls under
     * way, then fires the calls whose deadline has passed. A call costs a set insertion and removal; the thread is
     * woken only when a call's deadline is earlier than the one it sleeps towards, or when it had nothing to watch.
     * (A scheduled task per call woke the timer thread on every call: the new task became the head of an empty
     * queue, or, left in the queue when cancelled, expired later for nothing.)
     */
    private static final class DeadlineWatch implements Runnable {
        static final DeadlineWatch WATCH = start();

        private final Set<BoundedCall> calls = ConcurrentHashMap.newKeySet();
        private volatile Thread thread;
        /** True from before the thread looks at the calls until it has published {@link #wakeAt}. */
        private volatile boolean scanning;
        private volatile long wakeAt;
        private volatile boolean idle;

        private static DeadlineWatch start() {
            DeadlineWatch watch = new DeadlineWatch();
            Thread thread = new Thread(watch, "database-deadline");
            thread.setDaemon(true);
            watch.thread = thread;
            thread.start();
            return watch;
        }

        void watch(BoundedCall call) {
            calls.add(call);
            // Either the thread will see the call on its next look, or it is told to look again now. A scan
            // under way is told too: it may have passed the place where the call went in.
            if (scanning || idle || call.deadlineNanos - wakeAt < 0) {
                LockSupport.unpark(thread);
            }
        }

        /** Whether the call was still watched: false when the watchdog took it to fire it. */
        boolean forget(BoundedCall call) {
            return calls.remove(call);
        }

        @Override
        public void run() {
            while (true) {
                scanning = true;
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                boolean any = false;
                for (BoundedCall call : calls) {
                    if (call.deadlineNanos - now <= 0) {
                        // Only a call still watched: one forgotten meanwhile may have returned its connection.
                        if (calls.remove(call)) {
                            fire(call);
                        }
                    } else if (!any || call.deadlineNanos - next < 0) {
                        next = call.deadlineNanos;
                        any = true;
                    }
                }
                idle = !any;
                wakeAt = next;
                scanning = false;
                if (any) {
                    LockSupport.parkNanos(this, next - now);
                } else {
                    LockSupport.park(this);
                }
            }
        }

        private static void fire(BoundedCall call) {
            try {
                call.deadlineReached();
            } catch (RuntimeException e) {
                // never let one call's failure stop the watch of the others
            } finally {
                call.fireFinished = true;
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

    /**
     * The pool's configuration. No {@code connectionTestQuery} is set, and none may be: HikariCP then validates an
     * idle connection with {@code isValid} under the validation timeout, which {@link #borrowsOnCallerThread}
     * relies on (a test query would run under no such bound); {@code DatabasePoolConfigTest} pins it.
     */
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
        config.addDataSourceProperty("socketTimeout", Long.toString(socketTimeoutSeconds(settings)));
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

    /**
     * The pool's socket timeout ({@code DATABASE_STATEMENT_TIMEOUT_MS} rounded up to seconds, plus 1 s): the longest
     * a read may block, with or without a deadline. The driver takes whole seconds.
     */
    static long socketTimeoutSeconds(DatabaseSettings settings) {
        return ceilSeconds(settings.statementTimeout().toMillis()) + 1;
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
