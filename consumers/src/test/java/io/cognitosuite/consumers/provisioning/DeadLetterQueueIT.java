package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.LocalSqs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** Redrive on ElasticMQ: a poison message reaches the dead-letter queue after exactly maxReceiveCount deliveries. */
class DeadLetterQueueIT {
    private static final int MAX_RECEIVE_COUNT = 3;

    private static LocalSqs local;
    private static SqsClient sqs;
    private static MigratedDatabase db;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        db = MigratedDatabase.create("dead_letters");
    }

    @AfterAll
    static void stop() {
        db.close();
        local.close();
    }

    @Test
    void poisonMessage_reachesTheDeadLetterQueueAfterTheReceiveCount_whileTheValidOneIsProvisionedOnce() {
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, "user-confirmed", MAX_RECEIVE_COUNT, 1);
        UserConfirmed valid = new UserConfirmed("eu-west-1_Pool", "dlq-valid-sub", "valid", "v@example.com", true, null,
                "PostConfirmation_ConfirmSignUp", Instant.now());
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(queues.queueUrl()).messageBody("{\"type\":\"user.confirmed\"").build());
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(queues.queueUrl()).messageBody(UserConfirmedMessage.toJson(valid)).build());
        JdbcProvisioningFailures failures = new JdbcProvisioningFailures(db.database());
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.recording(new JdbcAppUsers(db.database()), failures, new RecordingMetrics())));
        SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, queues.queueUrl(), 10, "UserProvisioning",
                Duration.ofSeconds(30), handler::handleRequest);

        List<Integer> poisonReceiveCounts = new ArrayList<>();
        List<Message> dead = List.of();
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dead.isEmpty() && System.nanoTime() < giveUp) {
            SqsEventSourcePoller.Poll poll = source.pollOnce(Duration.ofSeconds(1));
            for (Message m : poll.received()) {
                if (poll.failedIds().contains(m.messageId())) {
                    poisonReceiveCounts.add(Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount")));
                }
            }
            dead = SqsEventSourcePoller.receive(sqs, queues.deadLetterQueueUrl(), 10, Duration.ZERO);
        }

        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"type\":\"user.confirmed\""));
        assertThat(poisonReceiveCounts).containsExactly(1, 2, 3);
        assertThat(SqsEventSourcePoller.receive(sqs, queues.queueUrl(), 10, Duration.ofSeconds(1)))
                .as("nothing left on the source queue").isEmpty();
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = 'dlq-valid-sub'")).isEqualTo(1);
        // The dead letter keeps its message id: support finds why it failed by the key peek computes from it.
        Message deadLetter = dead.get(0);
        String key = UserConfirmedMessage.failureKey(deadLetter.body(), deadLetter.messageId());
        assertThat(key).isEqualTo("message:" + deadLetter.messageId());
        assertThat(failures.findByKeys(List.of(key), Deadline.none(Clock.systemUTC()))).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
            assertThat(f.detail()).isEqualTo("body is not valid JSON");
            assertThat(f.failures()).isEqualTo(MAX_RECEIVE_COUNT);
            assertThat(f.receiveCount()).isEqualTo(MAX_RECEIVE_COUNT);
            assertThat(f.resolved()).isFalse();
        });
        assertThat(failures.findBySub("dlq-valid-sub", Deadline.none(Clock.systemUTC()))).as("the valid one").isEmpty();
    }
}
