package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.EventBridgeStub;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Scenario 1 of RELIABILITY.md: every {@code user.confirmed} message delivered three times (as an at-least-once
 * queue and a retried post-confirmation may), shuffled, consumed by four consumers at once, each built by the
 * production composition root with its own pool, recorder and relay (four Lambda execution environments) → each user,
 * personal workspace and {@code app_user.created} event exactly once, nothing left on either queue or unresolved.
 */
class DuplicatesUnderConcurrencyIT {
    private static final int USERS = 2_000;
    private static final int COPIES = 3;
    private static final int CONSUMERS = 4;
    /** template.yaml's {@code UserConfirmedEventSourceMapping.BatchSize}. */
    private static final int BATCH_SIZE = 10;
    /** template.yaml's redrive policy. */
    private static final int MAX_RECEIVE_COUNT = 5;
    /** Shorter than the template's, so that a failed batch (none is expected) would come back within the scenario. */
    private static final int VISIBILITY_TIMEOUT_SECONDS = 10;
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(VISIBILITY_TIMEOUT_SECONDS);
    private static final Duration GIVE_UP = Duration.ofSeconds(90);
    private static final String POOL = "eu-west-1_Reliability";

    private static LocalSqs local;
    private static SqsClient sqs;
    private static MigratedDatabase db;
    private static EventBridgeStub eventBridge;
    private static ConsumerWiring consumers;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        db = MigratedDatabase.create("duplicates");
        eventBridge = EventBridgeStub.start();
        // One consumer as Lambda and the local stack build it, over template.yaml's values for
        // UserProvisioningFunction, but the backoff's first step scaled down as the visibility timeout is, so that a
        // postponed message (none is expected) would come back within the scenario; an EventBridge stub at the wire
        // level for the relay pass after each batch.
        DatabaseSettings database = db.settings();
        consumers = ConsumerWiring.over(database.jdbcUrl(), database.user(), database.password())
                .withTemplateTimeouts()
                .withOutageBackoff(1, 4, 5)
                .relayingTo(ConsumerConnections.EventBus.eventBridge(eventBridge::client), "cognito-suite-reliability",
                        1000);
    }

    @AfterAll
    static void stop() {
        consumers.close();
        eventBridge.close();
        db.close();
        local.close();
    }

    @Test
    void everyMessageThreeTimes_fourConsumersAtOnce_provisionEachUserWorkspaceAndEventExactlyOnce() throws Exception {
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, "duplicates-user-confirmed",
                MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS);
        List<QueueMessage> messages = new ArrayList<>(USERS * COPIES);
        Instant confirmedAt = Instant.parse("2026-12-01T12:00:00Z");
        for (int i = 0; i < USERS; i++) {
            String sub = "dup-%05d".formatted(i);
            QueueMessage message = UserConfirmedMessage.toQueueMessage(new UserConfirmed(POOL, sub, "user" + i,
                    "user" + i + "@example.com", true, null, UserConfirmed.CONFIRM_SIGN_UP, confirmedAt.plusMillis(i)));
            for (int copy = 0; copy < COPIES; copy++) {
                messages.add(message);
            }
        }
        // A fixed seed: the same interleaving of copies on every run.
        Collections.shuffle(messages, new Random(13));
        long started = System.nanoTime();
        sendAll(queues.queueUrl(), messages);
        double sendSeconds = (System.nanoTime() - started) / 1e9;

        RecordingMetrics metrics = new RecordingMetrics();
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger failedItems = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        long consumeStarted = System.nanoTime();
        long giveUp = consumeStarted + GIVE_UP.toNanos();
        ExecutorService pollers = Executors.newFixedThreadPool(CONSUMERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                // Its own pool, recorder and relay: one Lambda execution environment each.
                ProvisioningHandler handler = consumers.handler(sqs, metrics);
                SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, queues.queueUrl(), BATCH_SIZE,
                        ConsumerComponents.USER_PROVISIONING, FUNCTION_TIMEOUT, handler::handleRequest);
                running.add(pollers.submit(() -> {
                    while (deleted.get() < messages.size() && System.nanoTime() < giveUp) {
                        SqsEventSourcePoller.Poll poll = source.pollOnce(Duration.ofSeconds(1));
                        if (!poll.received().isEmpty()) {
                            batches.incrementAndGet();
                        }
                        failedItems.addAndGet(poll.failedIds().size());
                        deleted.addAndGet(poll.received().size() - poll.failedIds().size());
                    }
                    return null;
                }));
            }
            for (Future<?> consumer : running) {
                consumer.get(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            pollers.shutdownNow();
        }
        double consumeSeconds = (System.nanoTime() - consumeStarted) / 1e9;

        int usersCreated = metrics.published().stream().map(MetricSet::counts)
                .mapToInt(counts -> counts.getOrDefault("UsersProvisioned", 0.0).intValue()).sum();
        int duplicatesAbsorbed = deleted.get() - usersCreated;
        long users = db.count(usersSql());
        System.out.printf("[reliability] duplicates: %d messages (%d users x %d copies, shuffled), %d consumers, "
                        + "%d batches, %d users, %d personal workspaces, %d app_user.created events, %d duplicates absorbed, "
                        + "%d failed items, %d dead letters, losses=%d, %.1f s to send, %.1f s to consume%n",
                messages.size(), USERS, COPIES, CONSUMERS, batches.get(), users,
                db.count(personalWorkspacesSql()), db.count(userCreatedEventsSql()), duplicatesAbsorbed,
                failedItems.get(), visibleAndInFlight(queues.deadLetterQueueUrl()), USERS - users, sendSeconds,
                consumeSeconds);

        assertThat(deleted.get()).as("messages consumed and deleted").isEqualTo(messages.size());
        assertThat(db.count(usersSql())).isEqualTo(USERS);
        assertThat(db.count("SELECT count(DISTINCT cognito_sub) FROM app_users WHERE user_pool_id = '" + POOL + "'"))
                .isEqualTo(USERS);
        assertThat(db.count(personalWorkspacesSql())).isEqualTo(USERS);
        assertThat(db.count(userCreatedEventsSql())).isEqualTo(USERS);
        assertThat(db.count("SELECT count(DISTINCT aggregate_id) FROM outbox_events WHERE event_type = 'app_user.created'"))
                .isEqualTo(USERS);
        assertThat(usersCreated).as("users the consumers report created").isEqualTo(USERS);
        assertThat(duplicatesAbsorbed).isEqualTo(USERS * (COPIES - 1));
        assertThat(visibleAndInFlight(queues.queueUrl())).as("messages left on the queue").isZero();
        assertThat(visibleAndInFlight(queues.deadLetterQueueUrl())).as("dead letters").isZero();
        assertThat(db.count("SELECT count(*) FROM provisioning_failures WHERE resolved_at IS NULL"))
                .as("failed items left unresolved").isZero();
    }

    /** Sends as post-confirmation's {@code SqsWorkQueue} does (the body and the type and version attributes), ten a call. */
    private static void sendAll(String queueUrl, List<QueueMessage> messages) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int from = 0; from < messages.size(); from += BATCH_SIZE) {
                List<QueueMessage> batch = messages.subList(from, Math.min(from + BATCH_SIZE, messages.size()));
                sent.add(senders.submit(() -> {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        QueueMessage m = batch.get(i);
                        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                                .messageAttributes(Map.of(
                                        "type", MessageAttributeValue.builder().dataType("String").stringValue(m.type()).build(),
                                        "version", MessageAttributeValue.builder().dataType("Number")
                                                .stringValue(Integer.toString(m.version())).build()))
                                .build());
                    }
                    SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                    assertThat(response.failed()).isEmpty();
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private static long visibleAndInFlight(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private static String usersSql() {
        return "SELECT count(*) FROM app_users WHERE user_pool_id = '" + POOL + "'";
    }

    private static String personalWorkspacesSql() {
        return "SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id"
                + " WHERE w.personal AND u.user_pool_id = '" + POOL + "'";
    }

    private static String userCreatedEventsSql() {
        return "SELECT count(*) FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id"
                + " WHERE e.event_type = 'app_user.created' AND u.user_pool_id = '" + POOL + "'";
    }
}
