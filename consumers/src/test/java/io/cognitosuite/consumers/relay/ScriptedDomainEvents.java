package io.cognitosuite.consumers.relay;

import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.time.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** A {@link DomainEvents} fake: accepts everything unless told how to fail, and keeps what it was given. */
final class ScriptedDomainEvents implements DomainEvents {
    private final List<List<OutboxEvent>> calls = new ArrayList<>();
    private final List<Instant> deadlines = new ArrayList<>();
    private Function<OutboxEvent, PublishFailure> failure = e -> null;

    /** Each event gets the failure the function gives it; {@code null} means accepted. */
    ScriptedDomainEvents failing(Function<OutboxEvent, PublishFailure> failure) {
        this.failure = failure;
        return this;
    }

    List<List<OutboxEvent>> calls() {
        return calls;
    }

    List<Instant> deadlines() {
        return deadlines;
    }

    @Override
    public PublishOutcome publish(List<OutboxEvent> events, Deadline deadline) {
        calls.add(List.copyOf(events));
        deadlines.add(deadline.instant());
        Set<UUID> published = new HashSet<>();
        Map<UUID, PublishFailure> failed = new HashMap<>();
        for (OutboxEvent e : events) {
            PublishFailure f = failure.apply(e);
            if (f == null) {
                published.add(e.id());
            } else {
                failed.put(e.id(), f);
            }
        }
        return new PublishOutcome(published, failed);
    }
}
