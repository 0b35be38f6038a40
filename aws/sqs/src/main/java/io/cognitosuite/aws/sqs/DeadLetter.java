package io.cognitosuite.aws.sqs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message as a dead-letter queue holds it, read without consuming it.
 *
 * @param messageId       its SQS message id (SQS keeps it when it moves a message to the dead-letter queue)
 * @param body            its body, as sent
 * @param attributes      its message attributes as text ({@code type}, {@code version}; binary ones as
 *                        {@code <binary n bytes>})
 * @param sentAt          {@code SentTimestamp}: the first send, kept across the move to the dead-letter queue
 * @param firstReceivedAt {@code ApproximateFirstReceiveTimestamp}, {@code null} when SQS did not give it
 * @param receiveCount    {@code ApproximateReceiveCount} as SQS answered the receive that read it: every receive
 *                        counts, the one that read it and earlier peeks included
 */
public record DeadLetter(String messageId, String body, Map<String, String> attributes, Instant sentAt,
                         Instant firstReceivedAt, int receiveCount) {
    public DeadLetter {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** The {@code type} message attribute, {@code null} when absent. */
    public String type() {
        return attributes.get("type");
    }
}
