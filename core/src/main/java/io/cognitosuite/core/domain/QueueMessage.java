package io.cognitosuite.core.domain;

import java.util.Objects;

/**
 * A message for a work queue.
 *
 * @param type           message type, sent as the {@code type} attribute
 * @param version        contract version, sent as the {@code version} attribute
 * @param body           the JSON body
 * @param idempotencyKey what makes two copies the same message (deduplication id on FIFO queues)
 * @param orderingKey    what keeps related messages in order (group id on FIFO queues)
 */
public record QueueMessage(String type, int version, String body, String idempotencyKey, String orderingKey) {
    public QueueMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(orderingKey, "orderingKey");
    }

    /** Never the body: it holds personal data. */
    @Override
    public String toString() {
        return "QueueMessage[type=" + type + ", version=" + version + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
