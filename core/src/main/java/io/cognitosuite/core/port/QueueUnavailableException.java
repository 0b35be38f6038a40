package io.cognitosuite.core.port;

/** A message could not be handed to the queue within its deadline. Nothing was sent, or it is unknown. */
public final class QueueUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    public QueueUnavailableException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
