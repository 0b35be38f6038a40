package io.cognitosuite.common.port;

/** The user pool's API did not answer in time or refused the call. The message names the API error code. */
public final class UserPoolUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;

    public UserPoolUnavailableException(String message, Throwable cause) {
        this(message, true, cause);
    }

    public UserPoolUnavailableException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether the same call may succeed later (throttling, timeouts, server errors) or will fail again. */
    public boolean isTransient() {
        return transientFailure;
    }
}
