package io.cognitosuite.aws.eventbridge;

import io.cognitosuite.aws.DeadlineRetry;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * {@link DomainEvents} on Amazon EventBridge. Each event becomes one PutEvents entry ({@link PutEventsEntries}: the
 * versioned {@link io.cognitosuite.core.contract.DomainEventDetail} as {@code detail}); entries go out at most
 * {@value PutEventsBatches#MAX_ENTRIES_PER_CALL} per call and with a total size, counted as AWS documents it, below
 * {@value PutEventsEntries#REQUEST_SIZE_LIMIT} bytes ({@link PutEventsBatches}). An entry that could never fit, or
 * whose payload is not a JSON object, is a permanent failure of that event and is not sent.
 *
 * <p>PutEvents answers per entry ({@link PublishRound}). Entries refused for throttling or an internal error, and whole
 * calls that failed transiently (throttled, 5xx, network, timeout), are sent again, only those, with jittered
 * backoff, at most {@code maxAttempts} times and never past the deadline ({@link DeadlineRetry}); each call gets at
 * most {@code attemptTimeout}. Whatever is still refused after that is reported as a retryable failure, so the
 * next relay pass tries again. Delivery is at least once: after a timeout the bus may have taken an entry
 * that is sent again, and subscribers drop copies by {@code eventId}.
 */
public final class EventBridgeDomainEvents implements DomainEvents {
    public static final String DEFAULT_SOURCE = "io.cognitosuite";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Below this much time left a call is not worth starting. */
    static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(100);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeDomainEvents.class);

    private final EventBridgeClient client;
    private final PutEventsEntries entries;
    private final DeadlineRetry retry;

    public EventBridgeDomainEvents(EventBridgeClient client, String eventBusName, String source) {
        this(client, eventBusName, source, DEFAULT_MAX_ATTEMPTS, DEFAULT_FIRST_BACKOFF, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public EventBridgeDomainEvents(EventBridgeClient client, String eventBusName, String source, int maxAttempts,
                                   Duration firstBackoff, Duration attemptTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.entries = new PutEventsEntries(eventBusName, source);
        this.retry = DeadlineRetry.builder("eventbridge-put-events")
                .maxAttempts(maxAttempts)
                .firstBackoff(firstBackoff)
                .minimumAttempt(MINIMUM_ATTEMPT)
                .attemptTimeout(attemptTimeout)
                // Only entries refused in a way that resending may fix: a round has already sorted them out.
                .retryOn(e -> e instanceof PublishRound.EntriesPendingException)
                .build();
    }

    @Override
    public PublishOutcome publish(List<OutboxEvent> events, Deadline deadline) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(deadline, "deadline");
        PublishRound round = new PublishRound(client, retry, deadline);
        for (OutboxEvent event : events) {
            round.add(entries.prepare(event));
        }
        try {
            retry.call(deadline, round::sendPending);
        } catch (PublishRound.EntriesPendingException e) {
            LOG.debug("{} entries still refused after {} calls; the next pass sends them again", e.count, round.calls());
        }
        return round.outcome();
    }
}
