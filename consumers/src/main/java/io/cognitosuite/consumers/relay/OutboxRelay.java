package io.cognitosuite.consumers.relay;

import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.core.port.Outbox;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays outbox events to the bus. One pass claims up to {@code batchSize} unpublished events, oldest
 * first, publishes them while they stay claimed (a second relay skips them), then marks the accepted ones
 * published and records an attempt and the reason on the others, all in the claim's transaction.
 *
 * <p>Passes are repeated until the outbox has nothing more waiting, a pass publishes nothing (the bus is in
 * trouble; the next scheduled run tries again instead of spinning), or less than {@link #MINIMUM_PASS} is left
 * before the deadline. Each pass keeps {@link Reserves#RELAY_OUTCOME} of its time for recording the outcome.
 *
 * <p>Logs carry event ids, types and error codes, never payloads. Metrics per run, dimension
 * {@code Consumer=OutboxRelay}: {@code EventsPublished}, {@code EventsFailed} (including rejected),
 * {@code EventsRejected}, {@code RelayFailures} (a run cut short by the outbox failing) and {@code RelayLatency}.
 */
public final class OutboxRelay {
    /** A pass is not started with less time than this left. */
    static final Duration MINIMUM_PASS = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int LOGGED_IDS = 20;

    private final Outbox outbox;
    private final DomainEvents events;
    private final Metrics metrics;
    private final int batchSize;

    public OutboxRelay(Outbox outbox, DomainEvents events, Metrics metrics, int batchSize) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.events = Objects.requireNonNull(events, "events");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 but is " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Runs passes until nothing is waiting, a pass makes no progress, or the deadline is near.
     *
     * @throws io.cognitosuite.core.port.DataAccessException when the outbox fails; what earlier passes
     *                                                       recorded stays recorded
     */
    public RelayReport drain(Deadline deadline) {
        long start = System.nanoTime();
        RelayReport total = RelayReport.NOTHING;
        try {
            while (deadline.hasLeft(MINIMUM_PASS)) {
                RelayReport pass = pass(deadline);
                total = total.plus(pass);
                if (pass.drained() || pass.published() == 0) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("outbox relay stopped after {} passes: {}; unpublished events stay in the outbox", total.passes(),
                    e.toString());
            emit(total, true, start);
            throw e;
        }
        emit(total, false, start);
        LOG.info("outbox relay: {} passes, {} events published, {} failed ({} rejected), {}", total.passes(),
                total.published(), total.failed(), total.rejected(), total.drained() ? "no more events were waiting"
                        : "events may still be waiting for the next run");
        return total;
    }

    /**
     * One pass within {@code budget} and before the function's deadline (less {@link Reserves#RELAY_FUNCTION}),
     * for a caller whose own result must not depend on it: it never throws. Trouble is logged and counted
     * ({@code RelayFailures}); the events stay in the outbox for the scheduled relay.
     */
    public RelayReport tryOnePass(Duration budget, Deadline functionDeadline) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.within(functionDeadline.minus(Reserves.RELAY_FUNCTION), budget);
        if (!deadline.hasLeft(MINIMUM_PASS)) {
            LOG.debug("no time for an outbox relay pass; the scheduled relay publishes the events");
            return RelayReport.NOTHING;
        }
        try {
            RelayReport pass = pass(deadline);
            emit(pass, false, start);
            return pass;
        } catch (RuntimeException e) {
            LOG.warn("outbox relay pass failed: {}; the scheduled relay publishes the events later", e.toString());
            emit(RelayReport.NOTHING, true, start);
            return RelayReport.NOTHING;
        }
    }

    private RelayReport pass(Deadline deadline) {
        return outbox.claim(batchSize, deadline, claimed -> {
            List<OutboxEvent> waiting = claimed.events();
            if (waiting.isEmpty()) {
                return new RelayReport(1, 0, 0, 0, 0, true);
            }
            PublishOutcome outcome = events.publish(waiting, deadline.minus(Reserves.RELAY_OUTCOME));
            claimed.markPublished(outcome.published());
            claimed.recordFailures(outcome.failed());
            logFailures(waiting, outcome);
            return new RelayReport(1, waiting.size(), outcome.published().size(), outcome.failed().size(),
                    (int) outcome.permanentFailures(), waiting.size() < batchSize);
        });
    }

    private static void logFailures(List<OutboxEvent> waiting, PublishOutcome outcome) {
        if (outcome.failed().isEmpty()) {
            return;
        }
        Map<String, Integer> retryableByCode = new TreeMap<>();
        for (OutboxEvent event : waiting) {
            PublishFailure failure = outcome.failed().get(event.id());
            if (failure == null) {
                continue;
            }
            if (failure.retryable()) {
                retryableByCode.merge(failure.code(), 1, Integer::sum);
            } else {
                LOG.error("permanent failure: outbox event {} ({}, attempt {}) can never be published: {}; it stays in "
                                + "the outbox with last_error set and is skipped until support clears last_error",
                        event.id(), event.type(), event.publishAttempts() + 1, failure.describe());
            }
        }
        if (!retryableByCode.isEmpty()) {
            List<UUID> ids = waiting.stream().map(OutboxEvent::id)
                    .filter(id -> outcome.failed().containsKey(id) && outcome.failed().get(id).retryable()).toList();
            // A bounded sample: a throttled bus fails whole passes, and the codes already say why.
            LOG.warn("{} events not published this pass ({}); they stay in the outbox for the next pass: {}{}",
                    ids.size(), retryableByCode, ids.subList(0, Math.min(ids.size(), LOGGED_IDS)),
                    ids.size() > LOGGED_IDS ? " and " + (ids.size() - LOGGED_IDS) + " more" : "");
        }
    }

    private void emit(RelayReport report, boolean relayFailed, long startNanos) {
        metrics.publish(MetricSet.builder()
                .dimension("Consumer", "OutboxRelay")
                .count("EventsPublished", report.published())
                .count("EventsFailed", report.failed())
                .count("EventsRejected", report.rejected())
                .count("RelayFailures", relayFailed ? 1 : 0)
                .millis("RelayLatency", (System.nanoTime() - startNanos) / 1_000_000.0)
                .build());
    }
}
