package io.cognitosuite.core.port;

/**
 * A database call failed. {@link #isTransient()} says whether the same call may succeed later
 * (connection lost, timeout, deadlock) or will fail again for the same input (constraint, bad data).
 */
public class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;
    private final String sqlState;
    private final String constraint;

    public DataAccessException(String message, String sqlState, boolean transientFailure, Throwable cause) {
        this(message, sqlState, null, transientFailure, cause);
    }

    /** @param constraint the name of the constraint the server says the statement broke, {@code null} if none */
    public DataAccessException(String message, String sqlState, String constraint, boolean transientFailure,
                               Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.constraint = constraint;
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The SQLSTATE of the failure, or {@code null} when there was none (e.g. pool timeout). */
    public String sqlState() {
        return sqlState;
    }

    /**
     * The name of the constraint the server said the statement broke (a schema name, never a value), or {@code null}
     * when the failure named none.
     */
    public String constraint() {
        return constraint;
    }
}
