package io.cognitosuite.consumers.relay;

import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.port.Outbox;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An {@link Outbox} fake for unit tests of the relay: claims oldest first, keeps marks only when the work returns. */
final class InMemoryOutbox implements Outbox {
    private final Map<UUID, OutboxEvent> events = new LinkedHashMap<>();
    private final Set<UUID> published = new HashSet<>();
    private final Map<UUID, PublishFailure> lastFailure = new HashMap<>();
    private final List<Duration> timeouts = new ArrayList<>();
    private boolean unavailable;

    /** Adds {@code count} events, one second apart, oldest first; returns them. */
    List<OutboxEvent> add(int count, String payload) {
        List<OutboxEvent> added = new ArrayList<>();
        Instant first = Instant.parse("2026-11-26T09:00:00Z").plusSeconds(events.size());
        for (int i = 0; i < count; i++) {
            OutboxEvent e = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", UUID.randomUUID(),
                    payload, first.plusSeconds(i), 0);
            events.put(e.id(), e);
            added.add(e);
        }
        return added;
    }

    void failWithDatabaseDown() {
        unavailable = true;
    }

    Set<UUID> published() {
        return published;
    }

    Map<UUID, PublishFailure> lastFailure() {
        return lastFailure;
    }

    List<Duration> timeouts() {
        return timeouts;
    }

    @Override
    public synchronized <T> T claim(int limit, Deadline deadline, ClaimWork<T> work) {
        timeouts.add(deadline.left());
        if (unavailable) {
            throw new DatabaseUnavailableException("query failed: connection refused", "08001", null);
        }
        List<OutboxEvent> waiting = events.values().stream()
                .filter(e -> !published.contains(e.id()))
                .filter(e -> !lastFailure.containsKey(e.id()) || lastFailure.get(e.id()).retryable())
                .limit(limit).toList();
        Set<UUID> marked = new HashSet<>();
        Map<UUID, PublishFailure> failures = new HashMap<>();
        T result = work.run(new ClaimedEvents() {
            @Override
            public List<OutboxEvent> events() {
                return waiting;
            }

            @Override
            public void markPublished(Collection<UUID> ids) {
                marked.addAll(ids);
            }

            @Override
            public void recordFailures(Map<UUID, PublishFailure> f) {
                failures.putAll(f);
            }
        });
        published.addAll(marked);
        failures.forEach((id, f) -> {
            lastFailure.put(id, f);
            OutboxEvent e = events.get(id);
            events.put(id, new OutboxEvent(e.id(), e.type(), e.version(), e.aggregateType(), e.aggregateId(), e.payload(),
                    e.occurredAt(), e.publishAttempts() + 1));
        });
        return result;
    }
}
