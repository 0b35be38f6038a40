package io.cognitosuite.triggers.runtime;

/**
 * Fails a trigger with a fixed, safe sentence. Cognito shows the user
 * {@code <Trigger> failed with error <message>}, so the message never carries details; those go to
 * the log with the request id.
 */
public final class TriggerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Anything we cannot finish now and the user may retry. */
    public static final String TRY_AGAIN = "We could not complete your request right now. Please try again in a moment.";
    /** The event itself is unusable; retrying the same request will not help. */
    public static final String INVALID_REQUEST = "We could not process this request.";

    public TriggerFailedException(String safeMessage) {
        super(safeMessage, null, false, false);
    }

    public TriggerFailedException(String safeMessage, Throwable cause) {
        super(safeMessage, cause, false, false);
    }
}
