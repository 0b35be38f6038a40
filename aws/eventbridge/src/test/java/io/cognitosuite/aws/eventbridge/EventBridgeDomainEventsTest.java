package io.cognitosuite.aws.eventbridge;

import static io.cognitosuite.aws.eventbridge.ScriptedEventBridgeClient.refuse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventBridgeDomainEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T09:15:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(5);
    private static final String BUS = "cognito-suite-events";

    private final ScriptedEventBridgeClient client = new ScriptedEventBridgeClient();
    private final MovableClock clock = new MovableClock(NOW);
    private final Deadline deadline = Deadline.at(DEADLINE, clock);
    private final EventBridgeDomainEvents events = new EventBridgeDomainEvents(client, BUS, "io.cognitosuite",
            3, Duration.ofMillis(1), Duration.ofSeconds(1));
    private final PutEventsEntries entries = new PutEventsEntries(BUS, "io.cognitosuite");

    @Test
    void publish_sendsAtMostTenEntriesPerCall_inOutboxOrder() {
        List<OutboxEvent> batch = events(25, 0);

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).extracting(r -> r.entries().size()).containsExactly(10, 10, 5);
        assertThat(sentEventIds()).containsExactlyElementsOf(batch.stream().map(e -> e.id().toString()).toList());
        assertThat(outcome.published()).hasSize(25);
        assertThat(outcome.failed()).isEmpty();
    }

    @Test
    void publish_splitsCalls_soThatEachStaysBelowTheRequestSizeLimit() {
        // About 100 KB each: two fit below 256 KB, three do not.
        List<OutboxEvent> batch = events(7, 100_000);

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).extracting(r -> r.entries().size()).containsExactly(2, 2, 2, 1);
        assertThat(client.requests()).allSatisfy(r -> assertThat(requestSize(r)).isLessThan(256 * 1024));
        assertThat(outcome.published()).hasSize(7);
    }

    @Test
    void entrySize_countsTimeAsFourteenBytes_andTheTextFieldsAsUtf8Bytes() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .time(NOW)
                .source("io.cognitosuite")       // 15 bytes
                .detailType("app_user.created")  // 16 bytes
                .detail("{\"name\":\"Zoë\"}")    // 15 bytes: ë takes two
                .resources("arn:x")              // 5 bytes
                .eventBusName("not counted")
                .build();

        assertThat(PutEventsEntries.size(entry)).isEqualTo(14 + 15 + 16 + 15 + 5);
    }

    @Test
    void publish_sendsAnEntryJustBelowTheLimit_butRejectsOneAtTheLimit_asPermanentFailure() throws Exception {
        OutboxEvent justBelow = eventOfEntrySize(256 * 1024 - 1);
        OutboxEvent atLimit = eventOfEntrySize(256 * 1024);

        PublishOutcome outcome = events.publish(List.of(justBelow, atLimit), deadline);

        assertThat(outcome.published()).containsExactly(justBelow.id());
        assertThat(outcome.failed()).containsOnlyKeys(atLimit.id());
        assertThat(outcome.failed().get(atLimit.id())).satisfies(f -> {
            assertThat(f.code()).isEqualTo("EntryTooLarge");
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).contains("262144 bytes");
        });
        assertThat(client.requests()).singleElement().satisfies(r -> assertThat(r.entries()).hasSize(1));
    }

    @Test
    void publish_reportsAnEventTooLargeToEverSend_asPermanentFailure_andStillSendsTheOthers() {
        List<OutboxEvent> batch = new ArrayList<>(events(2, 0));
        OutboxEvent huge = event(300_000);
        batch.add(1, huge);

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(outcome.published()).containsExactlyInAnyOrder(batch.get(0).id(), batch.get(2).id());
        assertThat(outcome.failed().get(huge.id()).retryable()).isFalse();
        assertThat(sentEventIds()).doesNotContain(huge.id().toString());
    }

    @Test
    void publish_resendsOnlyTheEntriesRefusedForThrottling() {
        List<OutboxEvent> batch = events(10, 0);
        client.then(refuse("ThrottlingException", 2, 7));

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).hasSize(2);
        assertThat(eventIds(client.requests().get(1)))
                .containsExactly(batch.get(2).id().toString(), batch.get(7).id().toString());
        assertThat(outcome.published()).hasSize(10);
        assertThat(outcome.failed()).isEmpty();
    }

    @Test
    void publish_resendsInternalFailures_togetherWithTheEntriesOfOtherCalls() {
        List<OutboxEvent> batch = events(15, 0);
        client.then(refuse("InternalFailure", 9)).then(refuse("ThrottlingException", 0, 4));

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).extracting(r -> r.entries().size()).containsExactly(10, 5, 3);
        assertThat(eventIds(client.requests().get(2))).containsExactly(batch.get(9).id().toString(),
                batch.get(10).id().toString(), batch.get(14).id().toString());
        assertThat(outcome.published()).hasSize(15);
    }

    @Test
    void publish_doesNotResendAnEntryRejectedAsMalformed_andReportsItAsPermanent() {
        List<OutboxEvent> batch = events(3, 0);
        client.then(refuse("MalformedDetail", 1));

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).hasSize(1);
        assertThat(outcome.failed()).containsOnlyKeys(batch.get(1).id());
        assertThat(outcome.failed().get(batch.get(1).id())).satisfies(f -> {
            assertThat(f.code()).isEqualTo("MalformedDetail");
            assertThat(f.retryable()).isFalse();
        });
        assertThat(outcome.published()).containsExactlyInAnyOrder(batch.get(0).id(), batch.get(2).id());
    }

    @Test
    void publish_reportsAnEntryStillRefusedAfterTheLastAttempt_asRetryable() {
        List<OutboxEvent> batch = events(2, 0);
        client.then(refuse("InternalFailure", 0)).then(refuse("InternalFailure", 0)).then(refuse("InternalFailure", 0));

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).extracting(r -> r.entries().size()).containsExactly(2, 1, 1);
        assertThat(outcome.published()).containsExactly(batch.get(1).id());
        assertThat(outcome.failed().get(batch.get(0).id())).satisfies(f -> {
            assertThat(f.code()).isEqualTo("InternalFailure");
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void publish_resendsTheWholeCall_whenTheCallIsThrottled() {
        List<OutboxEvent> batch = events(4, 0);
        client.then(request -> {
            throw serviceError(400, "ThrottlingException");
        });

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).hasSize(2);
        assertThat(eventIds(client.requests().get(1))).isEqualTo(eventIds(client.requests().get(0)));
        assertThat(outcome.published()).hasSize(4);
    }

    @Test
    void publish_doesNotResend_whenTheCallIsDenied_butKeepsTheEventsRetryable() {
        List<OutboxEvent> batch = events(3, 0);
        client.then(request -> {
            throw serviceError(400, "AccessDeniedException");
        });

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).hasSize(1);
        assertThat(outcome.failed()).hasSize(3).allSatisfy((id, f) -> {
            assertThat(f.code()).isEqualTo("AccessDeniedException");
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void publish_stopsResending_whenTheDeadlineIsNear() {
        List<OutboxEvent> batch = events(3, 0);
        client.then(request -> {
            clock.moveTo(DEADLINE.minusMillis(50));
            return refuse("ThrottlingException", 0).apply(request);
        });

        PublishOutcome outcome = events.publish(batch, deadline);

        assertThat(client.requests()).hasSize(1);
        assertThat(outcome.failed().get(batch.get(0).id()).code()).isEqualTo("ThrottlingException");
    }

    @Test
    void publish_sendsNothing_whenTheDeadlineHasPassed_andReportsEveryEventRetryable() {
        List<OutboxEvent> batch = events(3, 0);

        PublishOutcome outcome = events.publish(batch, Deadline.at(NOW.minusMillis(1), clock));

        assertThat(client.requests()).isEmpty();
        assertThat(outcome.failed()).hasSize(3).allSatisfy((id, f) -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void publish_sendsSourceDetailTypeBusTimeAndAVersionedDetail() {
        OutboxEvent event = event(0);

        events.publish(List.of(event), deadline);

        PutEventsRequestEntry entry = client.requests().get(0).entries().get(0);
        assertThat(entry.source()).isEqualTo("io.cognitosuite");
        assertThat(entry.detailType()).isEqualTo("app_user.created");
        assertThat(entry.eventBusName()).isEqualTo(BUS);
        assertThat(entry.time()).isEqualTo(event.occurredAt());
        JsonNode detail = parse(entry.detail());
        assertThat(detail.path("version").asInt()).isEqualTo(1);
        assertThat(detail.path("eventId").asText()).isEqualTo(event.id().toString());
        assertThat(detail.path("occurredAt").asText()).isEqualTo(event.occurredAt().toString());
        assertThat(detail.path("appUserId").asText()).isEqualTo(event.aggregateId().toString());
    }

    @Test
    void publish_reportsAPayloadThatIsNotAJsonObject_asPermanentFailure() {
        OutboxEvent broken = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", UUID.randomUUID(),
                "[1,2]", NOW, 0);

        PublishOutcome outcome = events.publish(List.of(broken), deadline);

        assertThat(client.requests()).isEmpty();
        PublishFailure failure = outcome.failed().get(broken.id());
        assertThat(failure.code()).isEqualTo("InvalidPayload");
        assertThat(failure.retryable()).isFalse();
    }

    private List<String> sentEventIds() {
        List<String> ids = new ArrayList<>();
        client.requests().forEach(r -> ids.addAll(eventIds(r)));
        return ids;
    }

    private static List<String> eventIds(PutEventsRequest request) {
        return request.entries().stream().map(e -> parse(e.detail()).path("eventId").asText()).toList();
    }

    private static int requestSize(PutEventsRequest request) {
        return request.entries().stream().mapToInt(PutEventsEntries::size).sum();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<OutboxEvent> events(int count, int padding) {
        List<OutboxEvent> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(event(padding, NOW.minusSeconds(count - i)));
        }
        return list;
    }

    private static OutboxEvent event(int padding) {
        return event(padding, NOW.minusSeconds(1));
    }

    private static OutboxEvent event(int padding, Instant occurredAt) {
        UUID user = UUID.randomUUID();
        String payload = "{\"version\":1,\"appUserId\":\"" + user + "\",\"padding\":\"" + "x".repeat(padding) + "\"}";
        return new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", user, payload, occurredAt, 0);
    }

    /** An event whose PutEvents entry is exactly {@code size} bytes as EventBridge counts them. */
    private OutboxEvent eventOfEntrySize(int size) throws InvalidMessageException {
        OutboxEvent probe = event(0);
        int base = PutEventsEntries.size(entries.entry(probe));
        OutboxEvent sized = new OutboxEvent(probe.id(), probe.type(), probe.version(), probe.aggregateType(),
                probe.aggregateId(), probe.payload().replace("\"padding\":\"\"", "\"padding\":\"" + "x".repeat(size - base) + "\""),
                probe.occurredAt(), 0);
        assertThat(PutEventsEntries.size(entries.entry(sized))).isEqualTo(size);
        return sized;
    }

    private static EventBridgeException serviceError(int status, String code) {
        return (EventBridgeException) EventBridgeException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
