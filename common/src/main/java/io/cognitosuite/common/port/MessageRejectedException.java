package io.cognitosuite.common.port;

/**
 * The queue refused this message for good (characters it cannot carry, too large): sending the same
 * message again cannot succeed, so callers neither retry it nor ask the user to.
 */
public final class MessageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    /**
     * @param code the queue's error code, e.g. {@code InvalidMessageContents}; never message content
     */
    public MessageRejectedException(String code, Throwable cause) {
        super("the queue refused the message: " + code, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
