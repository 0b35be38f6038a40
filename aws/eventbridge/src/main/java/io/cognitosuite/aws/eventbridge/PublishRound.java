package io.cognitosuite.aws.eventbridge;

import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.aws.AwsFailures;
import io.cognitosuite.aws.DeadlineRetry;
import io.cognitosuite.aws.eventbridge.PutEventsEntries.Sized;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The state of one publish call across its attempts, and what each PutEvents answer means for each entry:
 * accepted; refused for throttling or an internal error, or lost with a whole call that failed transiently, and so
 * sent again in the next attempt; or failed for this pass (refused for what it holds, or the call itself refused).
 * Entries still pending after the last attempt are reported with the reason they were last refused for.
 */
final class PublishRound {
    /** The entry errors the API reference calls retryable; any other entry error is not resent now. */
    private static final Set<String> RESEND_NOW = Set.of("ThrottlingException", "InternalFailure", "InternalException");
    /** Entry errors caused by the event itself: sending it again can never succeed. */
    private static final Set<String> REJECTS_EVENT = Set.of("MalformedDetail", "InvalidArgument");

    private static final Logger LOG = LoggerFactory.getLogger(PublishRound.class);

    private final EventBridgeClient client;
    private final DeadlineRetry retry;
    private final Deadline deadline;
    private final Set<UUID> published = new LinkedHashSet<>();
    private final Map<UUID, PublishFailure> failed = new LinkedHashMap<>();
    /** Why each pending entry is pending: reported if it is never accepted. */
    private final Map<UUID, PublishFailure> lastRefusal = new LinkedHashMap<>();
    private List<Sized> pending = new ArrayList<>();
    private int calls;

    PublishRound(EventBridgeClient client, DeadlineRetry retry, Deadline deadline) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    void add(PutEventsEntries.Prepared prepared) {
        if (prepared instanceof PutEventsEntries.Unsendable unsendable) {
            failed.put(unsendable.id(), unsendable.failure());
        } else if (prepared instanceof PutEventsEntries.Ready ready) {
            pending.add(ready.entry());
            lastRefusal.put(ready.entry().id(), PublishFailure.retryable("NotSent", "no attempt was made before the deadline"));
        }
    }

    int calls() {
        return calls;
    }

    /** Sends every pending entry once; throws {@link EntriesPendingException} if some should be sent again. */
    Void sendPending() {
        List<Sized> again = new ArrayList<>();
        for (List<Sized> batch : PutEventsBatches.of(pending)) {
            Optional<Duration> timeout = retry.callTimeout(deadline);
            if (timeout.isEmpty()) {
                again.addAll(batch);
                continue;
            }
            send(batch, timeout.get(), again);
        }
        pending = again;
        if (!pending.isEmpty()) {
            throw new EntriesPendingException(pending.size());
        }
        return null;
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
            if (AwsFailures.isTransient(e)) {
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

    private static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorMessage() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getMessage();
    }

    /** Internal signal: some entries were refused in a way that resending may fix. */
    static final class EntriesPendingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int count;

        EntriesPendingException(int count) {
            super(count + " entries to send again", null, false, false);
            this.count = count;
        }
    }
}
