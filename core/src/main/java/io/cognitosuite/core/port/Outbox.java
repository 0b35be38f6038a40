package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.time.Deadline;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox: domain events written in the same transaction as the change they describe,
 * waiting to be published.
 */
public interface Outbox {

    /**
     * Claims up to {@code limit} unpublished events, oldest first, and runs {@code work} while they stay
     * claimed. Events another relay holds at that moment are skipped, not waited for, so two relays never
     * publish the same event in one pass. What {@code work} records is kept only if it returns normally; if
     * it throws, or the store fails, nothing is recorded and the events stay unpublished. Events rejected
     * permanently ({@link ClaimedEvents#recordFailures} with a non-retryable failure) are not claimed again.
     *
     * @param deadline the whole call, {@code work} included, gives up at this deadline
     * @throws io.cognitosuite.core.port.DataAccessException when the store fails or the time runs out
     */
    <T> T claim(int limit, Deadline deadline, ClaimWork<T> work);

    /** What to do with claimed events; runs while they are held. */
    @FunctionalInterface
    interface ClaimWork<T> {
        T run(ClaimedEvents claimed);
    }

    /** Events held by one {@link #claim} call; valid only inside it. */
    interface ClaimedEvents {
        /** Oldest first; empty when nothing is waiting. */
        List<OutboxEvent> events();

        /** The bus accepted these events: they are never claimed again. */
        void markPublished(Collection<UUID> ids);

        /** One more failed attempt for each of these events, with its reason. */
        void recordFailures(Map<UUID, PublishFailure> failures);
    }
}
