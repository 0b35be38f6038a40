package io.cognitosuite.aws.eventbridge;

import io.cognitosuite.core.contract.DomainEventDetail;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Turns an outbox event into its PutEvents entry: {@code source} from configuration, {@code detail-type} the event
 * type, {@code time} when it occurred, and as {@code detail} the versioned {@link DomainEventDetail}. An event that
 * can never be sent (its payload is not a JSON object, or its entry alone reaches the request size limit) becomes a
 * permanent failure instead.
 */
final class PutEventsEntries {
    /** "The total entry size must be less than 256KB" (EventBridge user guide, PutEvents entry size). */
    static final int REQUEST_SIZE_LIMIT = 256 * 1024;

    private final String eventBusName;
    private final String source;

    PutEventsEntries(String eventBusName, String source) {
        this.eventBusName = Objects.requireNonNull(eventBusName, "eventBusName");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** An entry ready to send, with its size as EventBridge counts it. */
    record Sized(UUID id, PutEventsRequestEntry entry, int size) {
    }

    /** The entry of an event, or why it can never be sent. */
    sealed interface Prepared permits Ready, Unsendable {
    }

    record Ready(Sized entry) implements Prepared {
    }

    record Unsendable(UUID id, PublishFailure failure) implements Prepared {
    }

    Prepared prepare(OutboxEvent event) {
        PutEventsRequestEntry entry;
        try {
            entry = entry(event);
        } catch (InvalidMessageException e) {
            return new Unsendable(event.id(), PublishFailure.permanent("InvalidPayload", e.getMessage()));
        }
        int size = size(entry);
        if (size >= REQUEST_SIZE_LIMIT) {
            return new Unsendable(event.id(), PublishFailure.permanent("EntryTooLarge", "the entry is " + size
                    + " bytes; PutEvents takes less than " + REQUEST_SIZE_LIMIT + " bytes per request"));
        }
        return new Ready(new Sized(event.id(), entry, size));
    }

    /** The PutEvents entry for an event. */
    PutEventsRequestEntry entry(OutboxEvent event) throws InvalidMessageException {
        return PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(source)
                .detailType(event.type())
                .time(event.occurredAt())
                .detail(DomainEventDetail.of(event))
                .build();
    }

    /** The size EventBridge counts against the request limit, computed as its user guide documents. */
    static int size(PutEventsRequestEntry entry) {
        int size = 0;
        if (entry.time() != null) {
            size += 14;
        }
        size += utf8Length(entry.source());
        size += utf8Length(entry.detailType());
        size += utf8Length(entry.detail());
        if (entry.hasResources()) {
            for (String resource : entry.resources()) {
                size += utf8Length(resource);
            }
        }
        return size;
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
