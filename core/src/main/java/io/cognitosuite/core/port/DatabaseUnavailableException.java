package io.cognitosuite.core.port;

/** The database could not be reached or did not answer in time; always transient. */
public final class DatabaseUnavailableException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, true, cause);
    }
}
