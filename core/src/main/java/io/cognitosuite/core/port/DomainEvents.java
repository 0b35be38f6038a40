package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.time.Deadline;
import java.util.List;

/** Where the suite's domain events go for other systems to react to (an event bus). */
public interface DomainEvents {

    /**
     * Publishes the events, retrying transient trouble of the bus while time remains before the {@code deadline}.
     * The bus's trouble never escapes as an exception: every event comes back either published or failed,
     * with the reason and whether a later attempt may succeed. Delivery is at least once: an event whose
     * answer was lost may be published again later, so subscribers drop copies by its {@code eventId}.
     */
    PublishOutcome publish(List<OutboxEvent> events, Deadline deadline);
}
