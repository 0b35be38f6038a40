package io.cognitosuite.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.contract.DomainEventDetail;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.time.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The local stand-in for the EventBridge bus when {@code AWS_ENDPOINT_URL_EVENTBRIDGE} is not set: each
 * event is appended as one JSON line, in the shape EventBridge would receive ({@code source},
 * {@code detail-type}, {@code time}, and the same {@link DomainEventDetail} as {@code detail}), to a file a developer
 * can read or tail.
 */
final class EventLogDomainEvents implements DomainEvents {
    /**
     * Each consumer function connects its own bus, as in Lambda, so two instances may append to the one file at
     * once (the pass after a batch, an invoked relay run): one lock for all keeps their lines whole.
     */
    private static final Object APPENDING = new Object();

    private final Path file;
    private final String source;

    EventLogDomainEvents(Path file, String source) {
        this.file = Objects.requireNonNull(file, "file");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public PublishOutcome publish(List<OutboxEvent> events, Deadline deadline) {
        synchronized (APPENDING) {
            return append(events);
        }
    }

    private PublishOutcome append(List<OutboxEvent> events) {
        Set<UUID> published = new HashSet<>();
        Map<UUID, PublishFailure> failed = new HashMap<>();
        StringBuilder lines = new StringBuilder();
        for (OutboxEvent event : events) {
            try {
                ObjectNode entry = Json.mapper().createObjectNode();
                entry.put("source", source);
                entry.put("detail-type", event.type());
                entry.put("time", event.occurredAt().toString());
                entry.set("detail", Json.parse(DomainEventDetail.of(event)));
                lines.append(Json.write(entry)).append('\n');
                published.add(event.id());
            } catch (Exception e) {
                failed.put(event.id(), new PublishFailure("InvalidEvent", String.valueOf(e.getMessage()), false));
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            for (UUID id : published) {
                failed.put(id, new PublishFailure("EventLogUnwritable", e.getMessage(), true));
            }
            published.clear();
        }
        return new PublishOutcome(published, failed);
    }
}
