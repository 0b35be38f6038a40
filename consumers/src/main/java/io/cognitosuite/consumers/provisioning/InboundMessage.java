package io.cognitosuite.consumers.provisioning;

import java.util.Objects;

/**
 * One queue message as the consumer sees it.
 *
 * @param messageId    the queue's message id (what a batch item failure names)
 * @param body         the raw body
 * @param receiveCount how often the queue has delivered it, 1 on first delivery
 */
public record InboundMessage(String messageId, String body, int receiveCount) {
    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
    }
}
