package io.cognitosuite.consumers.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String PAYLOAD = "{\"version\":1,\"email\":\"ada@example.com\"}";

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final ScriptedDomainEvents bus = new ScriptedDomainEvents();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final OutboxRelay relay = new OutboxRelay(outbox, bus, metrics, 10);

    @Test
    void drain_runsPassesUntilNothingIsWaiting_publishingEveryEventOnce() {
        List<OutboxEvent> events = outbox.add(25, PAYLOAD);

        RelayReport report = relay.drain(at(NOW.plusSeconds(10)));

        assertThat(bus.calls()).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(outbox.published()).containsExactlyInAnyOrderElementsOf(events.stream().map(OutboxEvent::id).toList());
        assertThat(report).isEqualTo(new RelayReport(3, 25, 25, 0, 0, true));
        assertThat(metrics.last().dimensions()).containsEntry("Consumer", "OutboxRelay");
        assertThat(metrics.last().counts()).containsEntry("EventsPublished", 25.0).containsEntry("EventsFailed", 0.0)
                .containsEntry("RelayFailures", 0.0);
    }

    @Test
    void drain_claimsTheOldestEventsFirst() {
        List<OutboxEvent> events = outbox.add(12, PAYLOAD);

        relay.drain(at(NOW.plusSeconds(10)));

        assertThat(bus.calls().get(0)).containsExactlyElementsOf(events.subList(0, 10));
    }

    @Test
    void drain_stopsAfterAPassThatPublishedNothing_insteadOfSpinningOnATroubledBus() {
        outbox.add(30, PAYLOAD);
        bus.failing(e -> PublishFailure.retryable("ThrottlingException", "Rate exceeded"));

        RelayReport report = relay.drain(at(NOW.plusSeconds(10)));

        assertThat(bus.calls()).hasSize(1);
        assertThat(report.failed()).isEqualTo(10);
        assertThat(report.drained()).isFalse();
        assertThat(outbox.lastFailure()).hasSize(10);
        assertThat(metrics.last().counts()).containsEntry("EventsFailed", 10.0).containsEntry("EventsPublished", 0.0);
    }

    @Test
    void drain_recordsFailures_andPublishesTheRest_whenSomeEventsFail() {
        List<OutboxEvent> events = outbox.add(5, PAYLOAD);
        OutboxEvent tooLarge = events.get(1);
        OutboxEvent throttled = events.get(3);
        bus.failing(e -> e.equals(tooLarge) ? PublishFailure.permanent("EntryTooLarge", "300000 bytes")
                : e.id().equals(throttled.id()) && e.publishAttempts() == 0 ? PublishFailure.retryable("ThrottlingException", "")
                : null);

        RelayReport first = relay.drain(at(NOW.plusSeconds(10)));
        RelayReport second = relay.drain(at(NOW.plusSeconds(10)));

        assertThat(first).isEqualTo(new RelayReport(1, 5, 3, 2, 1, true));
        assertThat(second).isEqualTo(new RelayReport(1, 1, 1, 0, 0, true));
        assertThat(outbox.published()).hasSize(4).doesNotContain(tooLarge.id());
        assertThat(outbox.lastFailure().get(tooLarge.id()).retryable()).isFalse();
        assertThat(metrics.published().get(0).counts()).containsEntry("EventsRejected", 1.0).containsEntry("EventsFailed", 2.0);
    }

    @Test
    void drain_startsNoPass_whenLessThanTheMinimumPassIsLeft() {
        outbox.add(3, PAYLOAD);

        RelayReport report = relay.drain(at(NOW.plus(OutboxRelay.MINIMUM_PASS).minusMillis(1)));

        assertThat(report.passes()).isZero();
        assertThat(bus.calls()).isEmpty();
    }

    @Test
    void drain_keepsTimeToRecordTheOutcome_beforeTheDeadline() {
        outbox.add(3, PAYLOAD);
        Instant deadline = NOW.plusSeconds(4);

        relay.drain(at(deadline));

        assertThat(bus.deadlines()).containsExactly(deadline.minus(Reserves.RELAY_OUTCOME));
        assertThat(outbox.timeouts()).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void drain_failsAndCountsARelayFailure_whenTheOutboxIsDown() {
        outbox.failWithDatabaseDown();

        assertThatThrownBy(() -> relay.drain(at(NOW.plusSeconds(10)))).isInstanceOf(DatabaseUnavailableException.class);

        assertThat(metrics.last().counts()).containsEntry("RelayFailures", 1.0);
    }

    @Test
    void tryOnePass_neverThrows_whenTheOutboxIsDown_butCountsARelayFailure() {
        outbox.failWithDatabaseDown();

        RelayReport report = relay.tryOnePass(Duration.ofSeconds(1), at(NOW.plusSeconds(30)));

        assertThat(report.published()).isZero();
        assertThat(metrics.last().counts()).containsEntry("RelayFailures", 1.0);
    }

    @Test
    void tryOnePass_runsOnePassOnly_withinItsBudget() {
        outbox.add(25, PAYLOAD);

        RelayReport report = relay.tryOnePass(Duration.ofMillis(1500), at(NOW.plusSeconds(30)));

        assertThat(report).isEqualTo(new RelayReport(1, 10, 10, 0, 0, false));
        assertThat(outbox.timeouts()).containsExactly(Duration.ofMillis(1500));
        assertThat(bus.deadlines()).containsExactly(NOW.plusMillis(1500).minus(Reserves.RELAY_OUTCOME));
    }

    @Test
    void tryOnePass_endsASecondBeforeTheFunctionTimesOut() {
        outbox.add(1, PAYLOAD);

        relay.tryOnePass(Duration.ofSeconds(5), at(NOW.plusSeconds(2)));

        assertThat(outbox.timeouts()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void tryOnePass_skipsThePass_whenTheFunctionIsAboutToTimeOut() {
        outbox.add(1, PAYLOAD);

        RelayReport report = relay.tryOnePass(Duration.ofSeconds(5), at(NOW.plusMillis(1200)));

        assertThat(report.passes()).isZero();
        assertThat(bus.calls()).isEmpty();
    }

    @Test
    void logs_nameEventIdsAndReasons_butNeverPayloads() {
        List<OutboxEvent> events = outbox.add(2, PAYLOAD);
        bus.failing(e -> e.equals(events.get(0)) ? PublishFailure.permanent("MalformedDetail", "Detail is malformed.")
                : PublishFailure.retryable("ThrottlingException", "Rate exceeded"));

        try (LogCapture logs = LogCapture.start()) {
            relay.drain(at(NOW.plusSeconds(10)));

            assertThat(logs.all()).contains(events.get(0).id().toString()).contains("MalformedDetail")
                    .contains(events.get(1).id().toString()).contains("ThrottlingException")
                    .doesNotContain("ada@example.com");
        }
    }

    /** A deadline read by the test's fixed clock. */
    private static Deadline at(Instant instant) {
        return Deadline.at(instant, CLOCK);
    }
}
