package io.cognitosuite.aws.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.core.port.DomainEvents;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link DomainEvents} on Amazon EventBridge. Each event becomes one PutEvents entry: {@code source} from
 * configuration, {@code detail-type} the event type, {@code time} when it occurred, and as {@code detail}
 * the stored payload (which carries its {@code version}) plus {@code eventId} and {@code occurredAt}.
 *
 * <p>Entries go out at most {@value #MAX_ENTRIES_PER_CALL} per call and with a total size, counted as AWS
 * documents it ({@link #entrySize}), below {@value #REQUEST_SIZE_LIMIT} bytes. An entry that could never
 * fit, or whose payload is not a JSON object, is a permanent failure of that event and is not sent.
 *
 * <p>PutEvents answers per entry. Entries refused for throttling or an internal error, and whole calls
 * that failed transiently (throttled, 5xx, network, timeout), are sent again, only those, with jittered
 * backoff, at most {@code maxAttempts} times and never past the deadline; each attempt gets at most
 * {@code attemptTimeout}. Whatever is still refused after that is reported as a retryable failure, so the
 * next relay pass tries again. Delivery is at least once: after a timeout the bus may have taken an entry
 * that is sent again, and subscribers drop copies by {@code eventId}.
 */
public final class EventBridgeDomainEvents implements DomainEvents {
    public static final String DEFAULT_SOURCE = "io.cognitosuite";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final int MAX_ENTRIES_PER_CALL = 10;
    /** "The total entry size must be less than 256KB" (EventBridge user guide, PutEvents entry size). */
    static final int REQUEST_SIZE_LIMIT = 256 * 1024;
    /** Below this much time left a call is not worth starting. */
    static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(100);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);

    /** The entry errors the API reference calls retryable; any other entry error is not resent now. */
    private static final Set<String> RESEND_NOW = Set.of("ThrottlingException", "InternalFailure", "InternalException");
    /** Entry errors caused by the event itself: sending it again can never succeed. */
    private static final Set<String> REJECTS_EVENT = Set.of("MalformedDetail", "InvalidArgument");

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeDomainEvents.class);

    private final EventBridgeClient client;
    private final String eventBusName;
    private final String source;
    private final Clock clock;
    private final int maxAttempts;
    private final IntervalFunction backoff;
    private final Duration attemptTimeout;

    public EventBridgeDomainEvents(EventBridgeClient client, String eventBusName, String source, Clock clock) {
        this(client, eventBusName, source, clock, DEFAULT_MAX_ATTEMPTS, DEFAULT_FIRST_BACKOFF, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public EventBridgeDomainEvents(EventBridgeClient client, String eventBusName, String source, Clock clock,
                                   int maxAttempts, Duration firstBackoff, Duration attemptTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.eventBusName = Objects.requireNonNull(eventBusName, "eventBusName");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 but is " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(Math.max(1, firstBackoff.toMillis()), 2.0, 0.5);
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    }

    @Override
    public PublishOutcome publish(List<OutboxEvent> events, Instant deadline) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(deadline, "deadline");
        Attempts attempts = new Attempts(deadline);
        for (OutboxEvent event : events) {
            attempts.add(event);
        }
        Retry retry = Retry.of("eventbridge-put-events", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                // The wait before a resend never runs past the deadline: it is cut to leave one short attempt.
                .intervalBiFunction((attempt, outcome) -> Math.max(0L, Math.min(backoff.apply(attempt),
                        timeLeft(deadline).minus(MINIMUM_ATTEMPT).toMillis())))
                .retryOnException(e -> e instanceof EntriesPendingException
                        && timeLeft(deadline).compareTo(MINIMUM_ATTEMPT.multipliedBy(2)) > 0)
                .build());
        try {
            Retry.decorateRunnable(retry, attempts::sendPending).run();
        } catch (EntriesPendingException e) {
            LOG.debug("{} entries still refused after {} attempts; the next pass sends them again", e.count, attempts.calls);
        }
        return attempts.outcome();
    }

    /** The PutEvents entry for an event; {@link IllegalArgumentException} when its payload is not a JSON object. */
    PutEventsRequestEntry entry(OutboxEvent event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(source)
                .detailType(event.type())
                .time(event.occurredAt())
                .detail(detail(event))
                .build();
    }

    /**
     * The versioned {@code detail}: {@code version} (the payload's own, else the row's), {@code eventId}
     * (the outbox id, stable across resends), {@code occurredAt}, then the payload's other fields.
     */
    public static String detail(OutboxEvent event) {
        JsonNode payload;
        try {
            payload = Json.parse(event.payload());
        } catch (MalformedJsonException e) {
            throw new IllegalArgumentException("payload is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!(payload instanceof ObjectNode fields)) {
            throw new IllegalArgumentException("payload is a JSON " + payload.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object");
        }
        ObjectNode detail = Json.mapper().createObjectNode();
        if (fields.hasNonNull("version")) {
            detail.set("version", fields.get("version"));
        } else {
            detail.put("version", event.version());
        }
        detail.put("eventId", event.id().toString());
        detail.put("occurredAt", event.occurredAt().toString());
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            if (!detail.has(f.getKey())) {
                detail.set(f.getKey(), f.getValue());
            }
        }
        return Json.write(detail);
    }

    /** The size EventBridge counts against the request limit, computed as its user guide documents. */
    static int entrySize(PutEventsRequestEntry entry) {
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

    /** Consecutive groups of at most 10 entries whose sizes add up to less than the request limit. */
    static List<List<Sized>> batches(List<Sized> entries) {
        List<List<Sized>> batches = new ArrayList<>();
        List<Sized> current = new ArrayList<>();
        long bytes = 0;
        for (Sized entry : entries) {
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES_PER_CALL || bytes + entry.size() >= REQUEST_SIZE_LIMIT)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entry);
            bytes += entry.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private Duration timeLeft(Instant deadline) {
        return Duration.between(clock.instant(), deadline);
    }

    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // Network trouble and our own attempt timeouts.
        return e instanceof SdkClientException;
    }

    private static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorMessage() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getMessage();
    }

    /** An entry ready to send, with its size as EventBridge counts it. */
    record Sized(UUID id, PutEventsRequestEntry entry, int size) {
    }

    /** The state of one publish call across its attempts. */
    private final class Attempts {
        private final Instant deadline;
        private final Set<UUID> published = new LinkedHashSet<>();
        private final Map<UUID, PublishFailure> failed = new LinkedHashMap<>();
        /** Why each pending entry is pending: reported if it is never accepted. */
        private final Map<UUID, PublishFailure> lastRefusal = new LinkedHashMap<>();
        private List<Sized> pending = new ArrayList<>();
        private int calls;

        Attempts(Instant deadline) {
            this.deadline = deadline;
        }

        void add(OutboxEvent event) {
            PutEventsRequestEntry entry;
            try {
                entry = entry(event);
            } catch (IllegalArgumentException e) {
                failed.put(event.id(), PublishFailure.permanent("InvalidPayload", e.getMessage()));
                return;
            }
            int size = entrySize(entry);
            if (size >= REQUEST_SIZE_LIMIT) {
                failed.put(event.id(), PublishFailure.permanent("EntryTooLarge", "the entry is " + size
                        + " bytes; PutEvents takes less than " + REQUEST_SIZE_LIMIT + " bytes per request"));
                return;
            }
            pending.add(new Sized(event.id(), entry, size));
            lastRefusal.put(event.id(), PublishFailure.retryable("NotSent", "no attempt was made before the deadline"));
        }

        /** Sends every pending entry once; throws {@link EntriesPendingException} if some should be sent again. */
        void sendPending() {
            List<Sized> again = new ArrayList<>();
            for (List<Sized> batch : batches(pending)) {
                Duration left = timeLeft(deadline);
                if (left.compareTo(MINIMUM_ATTEMPT) < 0) {
                    again.addAll(batch);
                    continue;
                }
                send(batch, left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout, again);
            }
            pending = again;
            if (!pending.isEmpty()) {
                throw new EntriesPendingException(pending.size());
            }
        }

        private void send(List<Sized> batch, Duration timeout, List<Sized> again) {
            calls++;
            PutEventsResponse response;
            try {
                response = client.putEvents(PutEventsRequest.builder()
                        .entries(batch.stream().map(Sized::entry).toList())
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                        .build());
            } catch (SdkException e) {
                PublishFailure failure = PublishFailure.retryable(AwsErrorCode.of(e), message(e));
                if (isTransient(e)) {
                    batch.forEach(s -> lastRefusal.put(s.id(), failure));
                    again.addAll(batch);
                } else {
                    // The call itself was refused (permissions, a missing bus): the events are fine, the
                    // set-up is not. Resending now cannot help; the next pass tries again.
                    batch.forEach(s -> fail(s.id(), failure));
                }
                LOG.debug("PutEvents call with {} entries failed: {}", batch.size(), failure.describe());
                return;
            }
            List<PutEventsResultEntry> results = response.hasEntries() ? response.entries() : List.of();
            for (int i = 0; i < batch.size(); i++) {
                Sized sent = batch.get(i);
                // Results come in request order, one per entry.
                PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                if (result == null) {
                    lastRefusal.put(sent.id(), PublishFailure.retryable("MissingResult", "the response had no result for this entry"));
                    again.add(sent);
                } else if (result.errorCode() == null && result.eventId() != null) {
                    published.add(sent.id());
                    lastRefusal.remove(sent.id());
                } else {
                    String code = Objects.requireNonNullElse(result.errorCode(), "Unknown");
                    PublishFailure failure = new PublishFailure(code, result.errorMessage(), !REJECTS_EVENT.contains(code));
                    if (RESEND_NOW.contains(code)) {
                        lastRefusal.put(sent.id(), failure);
                        again.add(sent);
                    } else {
                        fail(sent.id(), failure);
                    }
                }
            }
            LOG.debug("PutEvents call {}: {} entries sent, {} refused (FailedEntryCount {})", calls, batch.size(),
                    batch.stream().filter(s -> !published.contains(s.id())).count(), response.failedEntryCount());
        }

        private void fail(UUID id, PublishFailure failure) {
            lastRefusal.remove(id);
            failed.put(id, failure);
        }

        PublishOutcome outcome() {
            for (Sized left : pending) {
                failed.put(left.id(), lastRefusal.get(left.id()));
            }
            return new PublishOutcome(published, failed);
        }
    }

    /** Internal signal: some entries were refused in a way that resending may fix. */
    private static final class EntriesPendingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int count;

        EntriesPendingException(int count) {
            super(count + " entries to send again", null, false, false);
            this.count = count;
        }
    }
}
