package io.cognitosuite.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cognitosuite.common.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;

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
    private volatile ExecutorService workers;
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
        Objects.requireNonNull(work, "work");
        try (Connection connection = dataSource().getConnection()) {
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
            throw failure("transaction", e);
        }
    }

    /** Runs the work on one connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection connection = dataSource().getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    /**
     * Like {@link #withConnection(SqlWork)}, but gives up after {@code timeout} whatever the database
     * does: waiting for a pooled connection, connecting, and a server that accepts but never answers
     * all count against it. The connection's network timeout is set to the same bound, so a worker
     * stuck on a hung socket is released soon after the caller has moved on.
     *
     * @throws DatabaseUnavailableException when the time runs out
     */
    public <T> T withConnection(Duration timeout, SqlWork<T> work) {
        return bounded(timeout, () -> withConnection(limited(timeout, work)));
    }

    /** Like {@link #inTransaction(SqlWork)}, bounded as {@link #withConnection(Duration, SqlWork)} is. */
    public <T> T inTransaction(Duration timeout, SqlWork<T> work) {
        return bounded(timeout, () -> inTransaction(limited(timeout, work)));
    }

    private static <T> SqlWork<T> limited(Duration timeout, SqlWork<T> work) {
        return connection -> {
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return work.run(connection);
        };
    }

    private <T> T bounded(Duration timeout, Callable<T> call) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DatabaseUnavailableException("no time left for the database", null, null);
        }
        Future<T> future = workers().submit(call);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DatabaseUnavailableException("database did not answer within " + timeout.toMillis() + " ms", null, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for the database", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DataAccessException("database call failed: " + e.getCause(), null, false, e.getCause());
        }
    }

    private ExecutorService workers() {
        ExecutorService local = workers;
        if (local == null) {
            synchronized (this) {
                local = workers;
                if (local == null) {
                    AtomicInteger count = new AtomicInteger();
                    local = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "database-deadline-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    workers = local;
                }
            }
        }
        return local;
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
     * by one.
     */
    private DataAccessException failure(String action, SQLException e) {
        DataAccessException translated = SqlFailures.translate(action, e);
        if (SqlFailures.isConnectionLost(e) && dataSource instanceof HikariDataSource hikari
                && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
        }
        return translated;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (workers != null) {
            workers.shutdownNow();
        }
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
        long connectSeconds = Math.max(1, ceilSeconds(settings.connectTimeout().toMillis()));
        config.addDataSourceProperty("connectTimeout", connectSeconds);
        config.addDataSourceProperty("loginTimeout", connectSeconds);
        // A hung server would otherwise block a read forever; statement_timeout covers a slow query.
        config.addDataSourceProperty("socketTimeout", ceilSeconds(settings.statementTimeout().toMillis()) + 1);
        // Set once per physical connection with SET, not with the start-up "options" parameter, which RDS
        // Proxy refuses. (The proxy pins a session that ran SET; with 1-2 connections per Lambda that is cheap.)
        config.setConnectionInitSql("SET statement_timeout = " + settings.statementTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "cognito-suite");
        config.addDataSourceProperty("tcpKeepAlive", true);
        // Server error details can quote row values (emails); keep them out of exception messages and logs.
        config.addDataSourceProperty("logServerErrorDetail", false);
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
