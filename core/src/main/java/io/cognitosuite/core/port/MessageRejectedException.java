package io.cognitosuite.core.port;

/**
 * The queue refused this message for good (characters it cannot carry, too large): sending the same
 * message again cannot succeed, so callers neither retry it nor ask the user to. There is deliberately no cause:
 * the queue's own message can quote what it refused (the body holds the whole email), and callers chain this
 * exception into failures whose stack trace, causes included, the Lambda runtime prints.
 */
public final class MessageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    /**
     * @param code the queue's error code, e.g. {@code InvalidMessageContents}; never message content
     */
    public MessageRejectedException(String code) {
        super("the queue refused the message: " + code);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
