package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.time.Deadline;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Postpones the next delivery of messages that failed for a reason time may cure (the database is down),
 * so that a long outage does not use up their receive budget at the queue's fixed pace. Postponing never
 * decides a message's outcome: a postponed message is still a failed one, and one that could not be
 * postponed simply comes back at the queue's own pace.
 */
public interface Redelivery {
    /** Postpones nothing: every message comes back at the queue's own pace. */
    Redelivery NONE = (postponements, deadline) -> postponements.stream().map(Postponement::messageId)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Postpones each message's next delivery by its delay, as far as the deadline allows. Never throws for a
     * queue failure.
     *
     * @return the ids of the messages that could not be postponed
     */
    Set<String> postpone(List<Postponement> postponements, Deadline deadline);
}
