package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Scenario 5 of RELIABILITY.md: each kind of poison, sent in the same batches as valid messages, reaches the
 * dead-letter queue after exactly {@code maxReceiveCount} deliveries with its reason in {@code provisioning_failures},
 * while its valid neighbours commit. The consumer is the production wiring ({@link ConsumerComponents}).
 */
class PoisonIT {
    private static final int MAX_RECEIVE_COUNT = 3;
    private static final int VISIBILITY_TIMEOUT_SECONDS = 1;
    /** SQS's largest message, 256 KiB (body and attributes together); ElasticMQ takes a body of exactly this many bytes. */
    private static final int MAX_MESSAGE_BYTES = 262_144;
    private static final String POOL = "eu-west-1_Poison";
    private static final Duration GIVE_UP = Duration.ofSeconds(40);

    private static LocalSqs local;
    private static SqsClient sqs;
    private static MigratedDatabase db;
    private static ConsumerWiring consumer;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        db = MigratedDatabase.create("poison");
        // The production wiring over the template's settings, a pool of its own, and no relay pass (not this
        // scenario's).
        DatabaseSettings database = db.settings();
        consumer = ConsumerWiring.over(database.jdbcUrl(), database.user(), database.password())
                .withTemplateTimeouts()
                .withOutageBackoff(1, 4, 5);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        db.close();
        local.close();
    }

    @Test
    void eachPoison_reachesTheDeadLetterQueueAfterTheReceiveCountWithItsReason_whileValidNeighboursInItsBatchesCommit() {
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, "poison-user-confirmed", MAX_RECEIVE_COUNT,
                VISIBILITY_TIMEOUT_SECONDS);
        Map<String, Poison> poisons = new LinkedHashMap<>();
        for (Poison poison : List.of(
                new Poison("not JSON", "{\"type\":\"user.confirmed\",\"version\":1,\"sub\":", "body is not valid JSON", false),
                new Poison("missing sub", valid("ignored").replace("\"sub\":\"ignored\",", ""), "sub is missing or blank", false),
                new Poison("wrong version", valid("poison-version").replace("\"version\":1", "\"version\":2"),
                        "version must be the number 1 (received another integer)", true),
                new Poison("256 KiB body", bodyOfExactly(MAX_MESSAGE_BYTES), "sub is longer than 128 characters", false),
                // SQS carries XML-safe text only: a body cannot hold bytes that are not UTF-8, and SQS refuses a lone
                // surrogate outright. What does arrive is a JSON escape of one, which the parser turns into a string
                // no UTF-8 can encode.
                new Poison("invalid UTF-8 (escaped lone surrogate)",
                        valid("poison-surrogate").replace("\"username\":\"poison-surrogate\"", "\"username\":\"bad\\ud800name\""),
                        "username holds a character that cannot be sent (a lone surrogate or a non-character)", true),
                new Poison("field over its bound", valid("poison-email").replace("poison-email@example.com",
                        "a".repeat(UserConfirmed.MAX_EMAIL - "@example.com".length() + 1) + "@example.com"),
                        "email is longer than " + UserConfirmed.MAX_EMAIL + " characters", true))) {
            String id = sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(poison.body())).messageId();
            poisons.put(id, poison);
            // A valid neighbour after each: the batches hold both.
            sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(valid("neighbour-" + poisons.size())));
        }
        assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(queues.queueUrl())
                .messageBody(bodyOfExactly(MAX_MESSAGE_BYTES + 1))))
                .as("one byte over 256 KiB is refused at the door").isInstanceOf(SqsException.class);

        SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, queues.queueUrl(), 10,
                ConsumerComponents.USER_PROVISIONING, Duration.ofSeconds(5), consumer.handler(sqs, new RecordingMetrics())::handleRequest);
        long started = System.nanoTime();
        Map<String, List<Integer>> failedReceiveCounts = new HashMap<>();
        Map<String, Message> dead = new HashMap<>();
        int mixedBatches = 0;
        int deliveries = 0;
        long giveUp = started + GIVE_UP.toNanos();
        while (dead.size() < poisons.size() && System.nanoTime() < giveUp) {
            SqsEventSourcePoller.Poll poll = source.pollOnce(Duration.ofSeconds(1));
            deliveries += poll.received().size();
            if (poll.received().stream().anyMatch(m -> poisons.containsKey(m.messageId()))
                    && poll.received().stream().anyMatch(m -> !poisons.containsKey(m.messageId()))) {
                mixedBatches++;
            }
            for (Message m : poll.received()) {
                if (poll.failedIds().contains(m.messageId())) {
                    failedReceiveCounts.computeIfAbsent(m.messageId(), k -> new ArrayList<>())
                            .add(Integer.parseInt(m.attributesAsStrings().get("ApproximateReceiveCount")));
                }
            }
            SqsEventSourcePoller.receive(sqs, queues.deadLetterQueueUrl(), 10, Duration.ZERO)
                    .forEach(m -> dead.put(m.messageId(), m));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        JdbcProvisioningFailures failures = new JdbcProvisioningFailures(db.database());
        long neighbours = db.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE 'neighbour-%'");
        System.out.printf("[reliability] poison: %d inputs tried (%s), %d valid neighbours provisioned, %d mixed batches, "
                        + "%d deliveries, %d dead letters (maxReceiveCount %d; failed receive counts per poison %s), "
                        + "%d failures recorded, losses=%d, %.1f s%n",
                poisons.size(), String.join(", ", poisons.values().stream().map(Poison::kind).toList()), neighbours,
                mixedBatches, deliveries, dead.size(), MAX_RECEIVE_COUNT,
                poisons.keySet().stream().map(id -> failedReceiveCounts.getOrDefault(id, List.of()).toString()).distinct()
                        .toList(),
                db.count("SELECT count(*) FROM provisioning_failures WHERE reason_code = 'invalid_message'"),
                poisons.size() - neighbours, seconds);

        assertThat(dead.keySet()).as("dead letters").containsExactlyInAnyOrderElementsOf(poisons.keySet());
        assertThat(mixedBatches).as("batches that held poison and valid messages").isPositive();
        assertThat(neighbours).as("valid neighbours provisioned").isEqualTo(poisons.size());
        for (Map.Entry<String, Poison> entry : poisons.entrySet()) {
            String messageId = entry.getKey();
            Poison poison = entry.getValue();
            Message deadLetter = dead.get(messageId);
            assertThat(deadLetter.body()).as(poison.kind()).isEqualTo(poison.body());
            assertThat(failedReceiveCounts.get(messageId)).as("failed deliveries of %s", poison.kind())
                    .containsExactly(1, 2, 3);
            // The dead letter carries the source queue's count (its 3 deliveries there), and this first receive from
            // the dead-letter queue adds one: maxReceiveCount + 1, so no delivery beyond the count reached the consumer.
            assertThat(deadLetter.attributesAsStrings().get("ApproximateReceiveCount")).as(poison.kind())
                    .isEqualTo(Integer.toString(MAX_RECEIVE_COUNT + 1));
            String key = UserConfirmedMessage.failureKey(deadLetter.body(), messageId);
            assertThat(key).as(poison.kind()).isEqualTo(poison.namesItsUser()
                    ? UserConfirmedMessage.namedUser(poison.body()).orElseThrow().idempotencyKey() : "message:" + messageId);
            List<ProvisioningFailure> recorded = failures.findByKeys(List.of(key), Deadline.none(Clock.systemUTC()));
            assertThat(recorded).as(poison.kind()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
                assertThat(f.detail()).isEqualTo(poison.reason());
                assertThat(f.failures()).isEqualTo(MAX_RECEIVE_COUNT);
                assertThat(f.receiveCount()).isEqualTo(MAX_RECEIVE_COUNT);
                assertThat(f.messageId()).isEqualTo(messageId);
                assertThat(f.resolved()).isFalse();
            });
        }
        assertThat(db.count("SELECT count(*) FROM provisioning_failures")).as("only the poison is recorded")
                .isEqualTo(poisons.size());
        Map<QueueAttributeName, String> left = sqs.getQueueAttributes(b -> b.queueUrl(queues.queueUrl()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertThat(left.values()).as("left on the source queue").containsOnly("0");
    }

    /**
     * One poison input.
     *
     * @param namesItsUser whether its {@code userPoolId} and {@code sub} pass their rules, so that its failure is keyed
     *                     by the user (and a later good delivery resolves it) rather than by the message id
     */
    private record Poison(String kind, String body, String reason, boolean namesItsUser) {
    }

    /** A valid body, as post-confirmation publishes it ({@link UserConfirmedMessage}), for the user {@code sub}. */
    private static String valid(String sub) {
        return UserConfirmedMessage.toJson(new UserConfirmed(POOL, sub, sub, sub + "@example.com", true, null,
                UserConfirmed.CONFIRM_SIGN_UP, Instant.parse("2026-12-01T12:00:00Z")));
    }

    /** A body of exactly {@code bytes} UTF-8 bytes: a valid message but for a {@code sub} that fills it. */
    private static String bodyOfExactly(int bytes) {
        String template = valid("S");
        int filler = bytes - template.getBytes(StandardCharsets.UTF_8).length + 1;
        String body = template.replace("\"sub\":\"S\"", "\"sub\":\"" + "s".repeat(filler) + "\"");
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return body;
    }
}
