package io.cognitosuite.aws.eventbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.EventBridgeStub;
import io.cognitosuite.testing.EventBridgeStub.Answer;
import io.cognitosuite.testing.EventBridgeStub.Call;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter with the real SDK client against WireMock speaking the PutEvents wire protocol. */
class EventBridgeDomainEventsIT {
    private static final String BUS = "cognito-suite-events";
    private static EventBridgeStub stub;

    private EventBridgeDomainEvents events;

    @BeforeAll
    static void start() {
        stub = EventBridgeStub.start();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void setUp() {
        stub.answerAlways(Answer.ACCEPT_ALL);
        events = new EventBridgeDomainEvents(stub.client(), BUS, "io.cognitosuite", 3,
                Duration.ofMillis(5), Duration.ofSeconds(1));
    }

    @Test
    void publish_sendsAwsJson11PutEvents_withSourceDetailTypeBusAndVersionedDetail_tenEntriesAtMost() {
        List<OutboxEvent> batch = events(12);

        PublishOutcome outcome = events.publish(batch, soon());

        assertThat(outcome.published()).hasSize(12);
        List<Call> calls = stub.calls();
        assertThat(calls).extracting(c -> c.entries().size()).containsExactly(10, 2);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.header("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
            assertThat(call.header("Content-Type")).startsWith("application/x-amz-json-1.1");
            assertThat(call.header("Authorization")).startsWith("AWS4-HMAC-SHA256");
        });
        JsonNode first = calls.get(0).entries().get(0);
        assertThat(first.path("Source").asText()).isEqualTo("io.cognitosuite");
        assertThat(first.path("DetailType").asText()).isEqualTo("app_user.created");
        assertThat(first.path("EventBusName").asText()).isEqualTo(BUS);
        assertThat(first.path("Time").isNumber()).isTrue();
        JsonNode detail = Call.detail(first);
        assertThat(detail.path("version").asInt()).isEqualTo(1);
        assertThat(detail.path("eventId").asText()).isEqualTo(batch.get(0).id().toString());
        assertThat(detail.path("occurredAt").asText()).isEqualTo(batch.get(0).occurredAt().toString());
        assertThat(detail.path("appUserId").asText()).isEqualTo(batch.get(0).aggregateId().toString());
    }

    @Test
    void publish_resendsOnlyTheEntryTheServiceRefused_andEveryEventIsAcceptedOnce() {
        List<OutboxEvent> batch = events(5);
        stub.answerInTurn(Answer.THROTTLE_FIRST_ENTRY);

        PublishOutcome outcome = events.publish(batch, soon());

        assertThat(outcome.published()).hasSize(5);
        assertThat(stub.calls()).extracting(c -> c.entries().size()).containsExactly(5, 1);
        assertThat(Call.detail(stub.calls().get(1).entries().get(0)).path("eventId").asText())
                .isEqualTo(batch.get(0).id().toString());
        assertThat(stub.acceptedEventIds()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(e -> e.id().toString()).toList());
    }

    @Test
    void publish_retriesAThrottledCallAndAServerError_untilTheServiceAccepts() {
        List<OutboxEvent> batch = events(3);
        stub.answerInTurn(Answer.THROTTLE_CALL, Answer.SERVER_ERROR);

        PublishOutcome outcome = events.publish(batch, soon());

        assertThat(outcome.published()).hasSize(3);
        assertThat(stub.calls()).extracting(Call::status).containsExactly(400, 500, 200);
    }

    @Test
    void publish_reportsAnEntryRejectedAsMalformed_asPermanent_withoutResendingIt() {
        List<OutboxEvent> batch = events(3);
        stub.answerInTurn(Answer.REJECT_FIRST_ENTRY);

        PublishOutcome outcome = events.publish(batch, soon());

        assertThat(stub.calls()).hasSize(1);
        assertThat(outcome.failed()).containsOnlyKeys(batch.get(0).id());
        assertThat(outcome.failed().get(batch.get(0).id()).retryable()).isFalse();
        assertThat(outcome.failed().get(batch.get(0).id()).code()).isEqualTo("MalformedDetail");
    }

    @Test
    void publish_givesUpAfterThreeAttempts_reportingEveryRefusedEventAsRetryable() {
        List<OutboxEvent> batch = events(4);
        stub.answerAlways(Answer.FAIL_ALL_ENTRIES);

        PublishOutcome outcome = events.publish(batch, soon());

        assertThat(stub.calls()).hasSize(3);
        assertThat(outcome.published()).isEmpty();
        assertThat(outcome.failed()).hasSize(4).allSatisfy((id, f) -> {
            assertThat(f.code()).isEqualTo("InternalFailure");
            assertThat(f.retryable()).isTrue();
        });
    }

    @Test
    void publish_endsByTheDeadline_whenTheServiceHangs() {
        stub.server().resetAll();
        stub.server().stubFor(any(anyUrl()).willReturn(aResponse().withFixedDelay(5_000).withStatus(200)));
        EventBridgeDomainEvents impatient = new EventBridgeDomainEvents(stub.client(), BUS, "io.cognitosuite", 3,
                Duration.ofMillis(5), Duration.ofMillis(300));
        Deadline deadline = Deadline.after(Duration.ofMillis(800), Clock.systemUTC());

        PublishOutcome outcome = impatient.publish(events(2), deadline);

        assertThat(Instant.now()).isBefore(deadline.instant().plusMillis(300));
        assertThat(outcome.failed()).hasSize(2).allSatisfy((id, f) -> assertThat(f.retryable()).isTrue());
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static List<OutboxEvent> events(int count) {
        List<OutboxEvent> list = new ArrayList<>();
        Instant first = Instant.parse("2026-11-26T09:15:00.123456Z");
        for (int i = 0; i < count; i++) {
            UUID user = UUID.randomUUID();
            list.add(new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", user,
                    "{\"version\":1,\"appUserId\":\"" + user + "\"}", first.plusSeconds(i), 0));
        }
        return list;
    }
}
