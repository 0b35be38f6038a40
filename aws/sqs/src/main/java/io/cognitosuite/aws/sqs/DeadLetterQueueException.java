package io.cognitosuite.aws.sqs;

/**
 * An SQS call of the support desk failed. The message names the operation and the error code (never the SDK's
 * message, which may quote a body); no cause for a service answer, for the same reason.
 */
public class DeadLetterQueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadLetterQueueException(String message) {
        super(message);
    }

    public DeadLetterQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
