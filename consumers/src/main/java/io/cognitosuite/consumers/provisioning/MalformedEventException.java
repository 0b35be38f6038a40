package io.cognitosuite.consumers.provisioning;

/**
 * The invocation's event cannot be processed at all, so the whole invocation fails and Lambda returns the
 * whole batch to the queue. The message is one of the fixed sentences below; the reason goes to the log,
 * never a part of the input.
 */
public final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The event is not JSON at all (only the local Invoke endpoint parses it; Lambda's runtime does in AWS). */
    public static final String NOT_JSON = "The event is not valid JSON.";
    /** The event has no {@code Records} array. */
    public static final String NOT_AN_SQS_EVENT = "The event is not an SQS event.";
    /** A record is null or has no {@code messageId}, so it cannot be named in a partial batch response. */
    public static final String UNNAMED_RECORD = "The SQS event has a record without a message id; the whole batch fails.";

    public MalformedEventException(String fixedSentence) {
        super(fixedSentence);
    }
}
