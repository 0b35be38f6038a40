package io.cognitosuite.reliability.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.reliability.hygiene.LogHygieneExtension;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scenario 2: PostgreSQL stopped ({@code pg_ctl stop -m fast}, which ends every open connection) and started again
 * with the same data three times while three consumers drain the queue. The template's receive count (5) on a
 * shortened clock: a visibility timeout of 2 s instead of 190 s, and the outage backoff scaled down with it (1 s,
 * doubling, at most 2 s), so a message failed by a restart comes back within seconds, and poison still reaches the
 * dead-letter queue after its five receives. The confirmations are sent while the consumers drain the queue (as they
 * arrive in production, and so that sending does not add to the run); the run ends when the poison is dead-lettered:
 * its receives at the queue's pace wait behind the messages that became visible before them.
 */
class DatabaseRestartsIT {
    /** The 10,000. */
    private static final int USERS = 10_000;
    private static final int RESTARTS = 3;
    private static final int CONSUMERS = 3;
    private static final int MAX_RECEIVE_COUNT = 5;
    private static final int VISIBILITY_TIMEOUT_SECONDS = 2;
    private static final Duration DOWNTIME = Duration.ofSeconds(1);
    private static final List<String> POISON = List.of("not json", "{\"version\":1}", "{\"version\":2,\"sub\":\"x\"}");

    @RegisterExtension
    static final OutageServers servers = new OutageServers();

    @Test
    void databaseRestartedThreeTimesWhileConsuming_everyUserExactlyOnce_andOnlyPoisonDeadLettered() throws Exception {
        long started = System.nanoTime();
        ConsumerUnderOutage scenario = servers.scenario("restart-");
        SqsQueues.QueuePair queues = scenario.queues("restarts", MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS);
        EmbeddedPostgresServer server = servers.database().server();
        // Poison first, so that its five receives at the queue's pace overlap the rest of the run.
        scenario.send(queues.queueUrl(), POISON);
        AutoCloseable consumers = scenario.consume(queues.queueUrl(), CONSUMERS, () -> scenario.handler(1, 2, 2));
        // Sent while the consumers already drain the queue, as confirmations arrive in production.
        CompletableFuture<Double> sending = CompletableFuture.supplyAsync(() -> {
            scenario.sendConfirmations(queues.queueUrl(), USERS);
            return (System.nanoTime() - started) / 1e9;
        }, runnable -> new Thread(runnable, "sending").start());

        int restarts = 0;
        double allUsersInSeconds = 0;
        long giveUp = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try {
            while (System.nanoTime() < giveUp) {
                long provisioned = scenario.provisioned();
                if (allUsersInSeconds == 0 && provisioned == USERS) {
                    allUsersInSeconds = (System.nanoTime() - started) / 1e9;
                }
                if (restarts == RESTARTS && provisioned == USERS
                        && scenario.messagesOn(queues.deadLetterQueueUrl()) == POISON.size()
                        && scenario.messagesOn(queues.queueUrl()) == 0) {
                    break;
                }
                // Each restart once another quarter of the users is in, so that all three fall inside the run.
                if (restarts < RESTARTS && provisioned >= (long) USERS * (restarts + 1) / (RESTARTS + 1)) {
                    server.stop();
                    Thread.sleep(DOWNTIME.toMillis());
                    server.startAgain();
                    restarts++;
                }
                Thread.sleep(50);
            }
        } finally {
            consumers.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double sentSeconds = sending.get(10, TimeUnit.SECONDS);
        List<Message> dead = SqsEventSourcePoller.receive(servers.sqs(), queues.deadLetterQueueUrl(), 10, Duration.ZERO);
        long users = scenario.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE '%s'");
        long distinctSubs = scenario.count("SELECT count(DISTINCT cognito_sub) FROM app_users WHERE cognito_sub LIKE '%s'");
        long workspaces = scenario.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id"
                + " WHERE u.cognito_sub LIKE '%s'");
        long createdEvents = scenario.count("SELECT count(*) FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id"
                + " WHERE u.cognito_sub LIKE '%s'");
        // Poison fails on each of its five receives; every other failed delivery was a restart's.
        double failedByRestarts = scenario.total("MessagesFailed") - POISON.size() * MAX_RECEIVE_COUNT;
        List<String> consumerLines = LogHygieneExtension.linesOfTheRunningClass().stream()
                .filter(line -> line.contains("io.cognitosuite.consumers.provisioning")).toList();

        assertThat(restarts).isEqualTo(RESTARTS);
        assertThat(users).as("every user present").isEqualTo(USERS);
        assertThat(distinctSubs).as("each once").isEqualTo(USERS);
        assertThat(workspaces).as("one personal workspace each").isEqualTo(USERS);
        assertThat(createdEvents).as("one app_user.created event each").isEqualTo(USERS);
        assertThat(dead).extracting(Message::body).as("only poison is dead-lettered").containsExactlyInAnyOrderElementsOf(POISON);
        assertThat(scenario.messagesOn(queues.queueUrl())).as("nothing left on the source queue").isZero();
        assertThat(failedByRestarts).as("deliveries the restarts failed (all redelivered since)").isPositive();
        assertThat(consumerLines).as("the log hygiene scan sees the consumer's lines").isNotEmpty();
        System.out.printf("[reliability] restarts: %d messages (%d users + %d poison), %d users, %d duplicates,"
                        + " %d restarts, losses=%d, %d dead letters (all poison), %.0f deliveries failed by the restarts and"
                        + " redelivered, %d consumers; sent in %.1f s (SendMessageBatch of 10 from %d threads) while"
                        + " consuming, all users in after %.1f s, the poison's 5 receives at the queue's pace done after"
                        + " %.1f s%n",
                USERS + POISON.size(), USERS, POISON.size(), users, (users - distinctSubs) + (workspaces - users)
                        + (createdEvents - users), restarts, USERS - distinctSubs, dead.size(), failedByRestarts, CONSUMERS,
                sentSeconds, ConsumerUnderOutage.SENDERS, allUsersInSeconds, seconds);
    }
}
