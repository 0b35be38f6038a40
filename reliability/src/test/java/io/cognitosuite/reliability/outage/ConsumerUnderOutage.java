package io.cognitosuite.reliability.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.reliability.ConsumerWiring;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the outage scenarios share: confirmations to send, the provisioning consumer as production wires it over the
 * test's stoppable database, and the counts they check.
 */
final class ConsumerUnderOutage {
    private static final String POOL = "eu-west-1_Outages";
    private static final Duration COUNT_PATIENCE = Duration.ofSeconds(10);
    /** Threads sending {@code SendMessageBatch} calls at once. */
    static final int SENDERS = 4;

    private final SqsClient sqs;
    private final StoppableDatabase fixture;
    private final String subPrefix;
    /** The consumers' counts ({@code MessagesFailed}, {@code MessagesPostponed}, …) summed over every batch. */
    private final Map<String, Double> totals = new ConcurrentHashMap<>();

    ConsumerUnderOutage(SqsClient sqs, StoppableDatabase fixture, String subPrefix) {
        this.sqs = sqs;
        this.fixture = fixture;
        this.subPrefix = subPrefix;
    }

    /**
     * Sends one confirmation for each of {@code users} users, ten to a batch, with a whole email address each, from
     * {@link #SENDERS} threads of its own (not the common pool, which has one worker on this 2-core machine).
     */
    void sendConfirmations(String queueUrl, int users) {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int from = 0; from < users; from += 10) {
                int first = from;
                sent.add(senders.submit(() -> send(queueUrl, IntStream.range(first, Math.min(users, first + 10))
                        .mapToObj(this::confirmation).toList())));
            }
            for (Future<?> batch : sent) {
                batch.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sending the confirmations failed", e);
        } finally {
            senders.shutdownNow();
        }
    }

    private String confirmation(int i) {
        return UserConfirmedMessage.toJson(new UserConfirmed(POOL, subPrefix + i, "user" + i, "user" + i + "@example.com",
                true, null, UserConfirmed.CONFIRM_SIGN_UP, Instant.now()));
    }

    void send(String queueUrl, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
        }
        assertThat(sqs.sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build())
                .failed()).isEmpty();
    }

    /** A queue with a dead-letter queue after {@code maxReceiveCount} receives (its redrive policy). */
    SqsQueues.QueuePair queues(String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
        return SqsQueues.createWithDeadLetterQueue(sqs, name, maxReceiveCount, visibilityTimeoutSeconds);
    }

    /** Users of this scenario provisioned so far; 0 while the server is down. */
    long provisioned() {
        return fixture.server().isRunning() ? count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE '%s'") : 0;
    }

    /**
     * {@code sql} with {@code %s} replaced by this scenario's sub pattern. Retried while the pool cannot connect: the
     * test shares the consumers' pool, which needs a moment after a restart to replace its dead connections.
     */
    long count(String sql) {
        long giveUp = System.nanoTime() + COUNT_PATIENCE.toNanos();
        while (true) {
            try {
                return fixture.count(sql.formatted(subPrefix + "%"));
            } catch (DatabaseUnavailableException e) {
                if (System.nanoTime() > giveUp) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    double total(String count) {
        return totals.getOrDefault(count, 0.0);
    }

    /** Messages on the queue, visible or in flight. */
    long messagesOn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(GetQueueAttributesRequest.builder()
                .queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build()).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * {@code count} consumers, each made by {@code handlers}, polling {@code queueUrl} as Lambda's event source mapping
     * does, each on a thread of its own until closed. Closing lets each finish its poll rather than interrupting it
     * ({@code SqsEventSourcePoller.close} interrupts): an SDK call cut off mid-request can leave ElasticMQ waiting a
     * minute for it when the server is stopped.
     */
    AutoCloseable consume(String queueUrl, int count, java.util.function.Supplier<ProvisioningHandler> handlers) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProvisioningHandler handler = handlers.get();
            SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, queueUrl, 10, "UserProvisioning",
                    Duration.ofSeconds(10), handler::handleRequest);
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        source.pollOnce(Duration.ofSeconds(1));
                    } catch (RuntimeException e) {
                        // As the event source mapping does: try again shortly (the SDK's own error, no message body).
                        sleep(200);
                    }
                }
            }, "consumer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return () -> {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(15).toMillis());
            }
        };
    }

    /**
     * A consumer as production wires it ({@code ConsumerComponents.userProvisioning}), over the test's pool and SQS
     * client, with the outage backoff scaled down as the test's visibility timeout is, and no relay pass after a batch
     * (there is no event bus here). One per poller, as separate Lambda execution environments.
     */
    ProvisioningHandler handler(int backoffFirstSeconds, int backoffMultiplier, int backoffMaxSeconds) {
        DatabaseCoordinates db = fixture.server().postgresDatabase();
        return ConsumerWiring.over(db.jdbcUrl(), db.user(), db.password())
                .withOutageBackoff(backoffFirstSeconds, backoffMultiplier, backoffMaxSeconds)
                .sharing(fixture.database())
                .handler(sqs, metrics -> metrics.counts().forEach((name, value) -> totals.merge(name, value, Double::sum)));
    }
}
