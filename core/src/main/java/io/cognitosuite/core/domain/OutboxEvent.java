package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain event waiting in the transactional outbox to be published.
 *
 * @param id              the outbox row id; published as {@code eventId}, so subscribers can drop copies
 * @param type            e.g. {@code app_user.created}; published as the {@code detail-type}
 * @param version         contract version of the payload ({@code event_version})
 * @param aggregateType   what the event is about, e.g. {@code app_user}
 * @param aggregateId     which one
 * @param payload         the JSON object written with the change (it already carries {@code version})
 * @param occurredAt      when the row was written, inside the transaction that made the change, an instant
 *                        before it committed (the event's EventBridge {@code time})
 * @param publishAttempts failed publish attempts so far
 */
public record OutboxEvent(UUID id, String type, int version, String aggregateType, UUID aggregateId, String payload,
                          Instant occurredAt, int publishAttempts) {
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** Never the payload: events may carry personal data. */
    @Override
    public String toString() {
        return "OutboxEvent[id=" + id + ", type=" + type + ", version=" + version + ", aggregate=" + aggregateType + "/"
                + aggregateId + ", publishAttempts=" + publishAttempts + "]";
    }
}
