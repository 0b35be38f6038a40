package io.cognitosuite.core.port;

/**
 * The user pool's API did not answer in time or refused the call. The message names the API, the error code and
 * the HTTP status, nothing else, and there is deliberately no cause: the SDK's own message can quote the request
 * (a {@code ListUsers} filter holds the whole email), and a logged cause prints it with the stack trace.
 */
public final class UserPoolUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;

    /** {@code message} must be a fixed text or name only codes: it reaches the log. */
    public UserPoolUnavailableException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    /** Whether the same call may succeed later (throttling, timeouts, server errors) or will fail again. */
    public boolean isTransient() {
        return transientFailure;
    }
}
