package io.cognitosuite.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cognitosuite.common.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
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
     * Like {@link #withConnection(SqlWork)}, but bounded by {@code timeout} in the calling thread:
     * waiting for a pooled connection is bounded by the pool's connect timeout (which must not exceed
     * {@code timeout}), and whatever is left of {@code timeout} then becomes the connection's network
     * timeout, so a server that stops answering ends the call instead of blocking it. The server's
     * {@code statement_timeout} still applies.
     *
     * @throws DatabaseUnavailableException when the time runs out
     */
    public <T> T withConnection(Duration timeout, SqlWork<T> work) {
        long deadline = deadlineNanos(timeout);
        return withConnection(limited(deadline, timeout, work));
    }

    /** Like {@link #inTransaction(SqlWork)}, bounded as {@link #withConnection(Duration, SqlWork)} is. */
    public <T> T inTransaction(Duration timeout, SqlWork<T> work) {
        long deadline = deadlineNanos(timeout);
        return inTransaction(limited(deadline, timeout, work));
    }

    private static long deadlineNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DatabaseUnavailableException("no time left for the database", null, null);
        }
        return System.nanoTime() + timeout.toNanos();
    }

    private static <T> SqlWork<T> limited(long deadlineNanos, Duration timeout, SqlWork<T> work) {
        return connection -> {
            long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new SQLTransientConnectionException("no time left after waiting for a connection (budget "
                        + timeout.toMillis() + " ms)", "08001");
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, leftMillis));
            return work.run(connection);
        };
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
