package io.cognitosuite.consumers.relay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.testing.EventBridgeStub;
import io.cognitosuite.testing.EventBridgeStub.Answer;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.postgres.testing.OutboxRows;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.ConsumerFixtures;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduled relay's Lambda handler, wired as production wires it, against PostgreSQL and WireMock. */
class OutboxRelayHandlerIT {
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");
    private static final Map<String, Object> SCHEDULED_EVENT = Map.of("source", "aws.events",
            "detail-type", "Scheduled Event", "detail", Map.of());

    private static EventBridgeStub stub;
    private MigratedDatabase db;

    @BeforeAll
    static void startStub() {
        stub = EventBridgeStub.start();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("relay_handler");
        stub.answerAlways(Answer.ACCEPT_ALL);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void scheduledInvocation_relaysEverythingWaiting_andReportsIt() {
        OutboxRows.insertUserCreated(db.database(), 120, T0);

        RelayReport report = handler().handleRequest(SCHEDULED_EVENT, new FakeLambdaContext("OutboxRelay", Duration.ofSeconds(60)));

        assertThat(report.published()).isEqualTo(120);
        assertThat(report.drained()).isTrue();
        assertThat(report.passes()).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isZero();
    }

    @Test
    void scheduledInvocation_endsBeforeTheFunctionTimesOut_whenTheBusHangs_andRecordsTheAttempt() {
        OutboxRows.insertUserCreated(db.database(), 5, T0);
        stub.server().resetAll();
        stub.server().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        long start = System.nanoTime();

        RelayReport report = handler().handleRequest(SCHEDULED_EVENT, new FakeLambdaContext("OutboxRelay", Duration.ofSeconds(3)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(report.published()).isZero();
        assertThat(report.failed()).isEqualTo(5);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND publish_attempts = 1")).isEqualTo(5);
    }

    /** As production wires it, over the test's pool and the stub bus (the relay uses no SQS). */
    private OutboxRelayHandler handler() {
        return new OutboxRelayHandler(ConsumerComponents.outboxRelay(
                ConsumerFixtures.environment(db.coordinates(), Map.of(RelaySettings.EVENT_BUS_NAME, "cognito-suite-events")),
                new ConsumerConnections(settings -> db.database(), () -> {
                    throw new AssertionError("the relay uses no SQS");
                }, ConsumerConnections.EventBus.eventBridge(stub::client), new RecordingMetrics()), Clock.systemUTC()));
    }
}
