package io.cognitosuite.consumers.provisioning;

import java.util.Objects;

/**
 * One queue message as the consumer sees it.
 *
 * @param messageId    the queue's message id (what a batch item failure names)
 * @param body         the raw body, {@code null} when the delivery had none
 * @param receiveCount how often the queue has delivered it, 1 on first delivery
 * @param source       the queue it came from (the record's {@code eventSourceARN}), {@code null} when unknown
 * @param receipt      this delivery's token (the receipt handle), {@code null} when unknown; without source
 *                     and receipt the next delivery cannot be postponed
 */
public record InboundMessage(String messageId, String body, int receiveCount, String source, String receipt) {
    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
    }

    /** A message whose next delivery cannot be postponed. */
    public InboundMessage(String messageId, String body, int receiveCount) {
        this(messageId, body, receiveCount, null, null);
    }

    boolean canBePostponed() {
        return source != null && !source.isBlank() && receipt != null && !receipt.isBlank();
    }
}
