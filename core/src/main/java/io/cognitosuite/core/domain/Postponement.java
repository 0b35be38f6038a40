package io.cognitosuite.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * A failed message whose next delivery should wait.
 *
 * @param messageId the queue's id for the message
 * @param source    the queue it was delivered from, as the delivery names it (an SQS event's {@code eventSourceARN})
 * @param receipt   the token of this delivery (an SQS receipt handle); only valid while the message is in flight
 * @param delay     how long from now the message stays hidden
 */
public record Postponement(String messageId, String source, String receipt, Duration delay) {
    public Postponement {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
    }
}
