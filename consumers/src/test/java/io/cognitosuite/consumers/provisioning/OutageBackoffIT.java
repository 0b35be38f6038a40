package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.ConsumerFixtures;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The template's redrive policy on a shortened clock: the same receive count (5), a visibility timeout of
 * 1 s instead of 190 s. PostgreSQL is really stopped for longer than maxReceiveCount x visibility timeout,
 * which without backoff dead-letters every message.
 */
class OutageBackoffIT {
    private static final int MAX_RECEIVE_COUNT = 5;
    private static final int VISIBILITY_TIMEOUT_SECONDS = 1;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    /** 1, 3, 6, 6 s after the failed receives 1 to 4: the fifth receive comes about 16 s after the first. */
    private static final OutageBackoff SCALED_BACKOFF = new OutageBackoff(Duration.ofSeconds(1), 3, Duration.ofSeconds(6));

    private static LocalSqs local;
    private static SqsClient sqs;
    private static StoppableDatabase fixture;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        // A refused connection fails fast, well inside the shortened visibility timeout.
        fixture = StoppableDatabase.start(settings -> settings.withConnectTimeoutAtMost(Duration.ofMillis(500)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        local.close();
    }

    @Test
    void databaseOutageLongerThanTheReceiveBudgetAtAFixedPace_deadLettersNothing_andProvisionsEachUserOnceAfterwards() {
        assertThat(OUTAGE).isGreaterThan(Duration.ofSeconds((long) MAX_RECEIVE_COUNT * VISIBILITY_TIMEOUT_SECONDS));
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, "outage-backoff", MAX_RECEIVE_COUNT,
                VISIBILITY_TIMEOUT_SECONDS);
        for (String sub : List.of("outage-a", "outage-b", "outage-c")) {
            sqs.sendMessage(SendMessageRequest.builder().queueUrl(queues.queueUrl()).messageBody(UserConfirmedMessage.toJson(
                    new UserConfirmed("eu-west-1_Pool", sub, sub, null, false, null, "PostConfirmation_ConfirmSignUp", Instant.now())))
                    .build());
        }
        ProvisioningHandler handler = handler();
        SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, queues.queueUrl(), 10, "UserProvisioning",
                Duration.ofSeconds(30), handler::handleRequest);

        fixture.server().stop();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        List<Message> dead = new ArrayList<>();
        List<Integer> failedReceiveCounts = new ArrayList<>();
        long giveUp = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < giveUp && dead.isEmpty() && !(fixture.server().isRunning()
                && fixture.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE 'outage-%'") == 3)) {
            if (!fixture.server().isRunning() && System.nanoTime() > outageEnds) {
                fixture.server().startAgain();
            }
            SqsEventSourcePoller.Poll poll = source.pollOnce(Duration.ofSeconds(1));
            poll.received().stream().filter(m -> poll.failedIds().contains(m.messageId()))
                    .forEach(m -> failedReceiveCounts.add(Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount"))));
            dead.addAll(SqsEventSourcePoller.receive(sqs, queues.deadLetterQueueUrl(), 10, Duration.ZERO));
        }

        assertThat(dead).as("dead-lettered during the outage (failed receive counts %s)", failedReceiveCounts)
                .extracting(Message::messageId).isEmpty();
        assertThat(fixture.server().isRunning()).as("the outage lasted its full length").isTrue();
        assertThat(fixture.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE 'outage-%'")).isEqualTo(3);
        assertThat(fixture.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id"
                + " WHERE u.cognito_sub LIKE 'outage-%'")).isEqualTo(3);
        assertThat(fixture.count("SELECT count(*) FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id"
                + " WHERE u.cognito_sub LIKE 'outage-%'")).isEqualTo(3);
        assertThat(SqsEventSourcePoller.receive(sqs, queues.queueUrl(), 10, Duration.ofSeconds(1)))
                .as("nothing left on the source queue").isEmpty();
        assertThat(SqsEventSourcePoller.receive(sqs, queues.deadLetterQueueUrl(), 10, Duration.ZERO)).isEmpty();
        // Recorded while the database was down, written once it was back, resolved by the deliveries that succeeded.
        JdbcProvisioningFailures failures = new JdbcProvisioningFailures(fixture.database());
        for (String sub : List.of("outage-a", "outage-b", "outage-c")) {
            assertThat(failures.findBySub(sub, Deadline.none(Clock.systemUTC()))).as("failures of %s", sub)
                    .singleElement().satisfies(f -> {
                        assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
                        assertThat(f.failures()).isPositive();
                        assertThat(f.firstSeenAt()).isBefore(f.resolvedAt());
                        assertThat(f.resolved()).isTrue();
                    });
        }
    }

    /** As production wires it, over the test's pool and SQS client, with the schedule scaled down as the visibility timeout is. */
    private static ProvisioningHandler handler() {
        Map<String, String> environment = ConsumerFixtures.environment(fixture.server().postgresDatabase(), Map.of(
                OutageBackoffSettings.FIRST_SECONDS, Long.toString(SCALED_BACKOFF.first().toSeconds()),
                OutageBackoffSettings.MULTIPLIER, Integer.toString(SCALED_BACKOFF.multiplier()),
                OutageBackoffSettings.MAX_SECONDS, Long.toString(SCALED_BACKOFF.max().toSeconds()),
                RelaySettings.AFTER_BATCH_BUDGET, "0"));
        ConsumerConnections connections = new ConsumerConnections(settings -> fixture.database(), () -> sqs,
                (bus, source, attempts) -> {
                    throw new AssertionError("no relay pass after a batch in this test");
                }, new RecordingMetrics());
        return new ProvisioningHandler(ConsumerComponents.userProvisioning(environment, connections, Clock.systemUTC()));
    }
}
