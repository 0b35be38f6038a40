package io.cognitosuite.core.domain;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What happened to each event of a publish call: every event handed over is either published or failed.
 *
 * @param published ids of the events the bus accepted
 * @param failed    ids of the events it did not accept, with the reason
 */
public record PublishOutcome(Set<UUID> published, Map<UUID, PublishFailure> failed) {
    public PublishOutcome {
        published = Set.copyOf(published);
        failed = Map.copyOf(failed);
        for (UUID id : failed.keySet()) {
            if (published.contains(id)) {
                throw new IllegalArgumentException("event " + id + " is both published and failed");
            }
        }
    }

    public static PublishOutcome empty() {
        return new PublishOutcome(Set.of(), Map.of());
    }

    /** Failures that a later attempt cannot fix. */
    public long permanentFailures() {
        return failed.values().stream().filter(f -> !f.retryable()).count();
    }

    /** Failures that a later attempt may fix. */
    public long retryableFailures() {
        return failed.size() - permanentFailures();
    }
}
