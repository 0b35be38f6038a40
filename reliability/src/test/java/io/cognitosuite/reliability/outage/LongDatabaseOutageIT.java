package io.cognitosuite.reliability.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.SqsQueues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 3: PostgreSQL stopped for longer than the receive budget the queue alone gives. In production that budget
 * is maxReceiveCount (5) x visibility timeout (190 s), about 13 minutes; here the same receive count on a clock scaled
 * down to a visibility timeout of 1 s, so 5 s, and an outage of 10 s. The outage backoff is scaled down with it (1 s,
 * times 3, at most 6 s: the fifth receive comes about 16 s after the first), so the messages wait the outage out
 * hidden instead of being dead-lettered at the queue's pace.
 */
class LongDatabaseOutageIT {
    private static final int USERS = 500;
    private static final int CONSUMERS = 3;
    private static final int MAX_RECEIVE_COUNT = 5;
    private static final int VISIBILITY_TIMEOUT_SECONDS = 1;
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @RegisterExtension
    static final OutageServers servers = new OutageServers();

    @Test
    void databaseDownLongerThanTheQueuesReceiveBudget_deadLettersNothing_andProvisionsEveryUserAfterRecovery()
            throws Exception {
        Duration oldReceiveBudget = Duration.ofSeconds((long) MAX_RECEIVE_COUNT * VISIBILITY_TIMEOUT_SECONDS);
        assertThat(OUTAGE).isGreaterThan(oldReceiveBudget);
        long started = System.nanoTime();
        ConsumerUnderOutage scenario = servers.scenario("long-outage-");
        SqsQueues.QueuePair queues = scenario.queues("long-outage", MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS);
        EmbeddedPostgresServer server = servers.database().server();
        scenario.sendConfirmations(queues.queueUrl(), USERS);

        server.stop();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        AutoCloseable consumers = scenario.consume(queues.queueUrl(), CONSUMERS, () -> scenario.handler(1, 3, 6));
        long deadLetters = 0;
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (System.nanoTime() < giveUp && deadLetters == 0
                    && !(scenario.provisioned() == USERS && scenario.messagesOn(queues.queueUrl()) == 0)) {
                if (!server.isRunning() && System.nanoTime() > outageEnds) {
                    server.startAgain();
                }
                deadLetters = scenario.messagesOn(queues.deadLetterQueueUrl());
                Thread.sleep(50);
            }
        } finally {
            consumers.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long users = scenario.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE '%s'");
        long workspaces = scenario.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id"
                + " WHERE u.cognito_sub LIKE '%s'");
        long createdEvents = scenario.count("SELECT count(*) FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id"
                + " WHERE u.cognito_sub LIKE '%s'");
        long unresolvedFailures = scenario.count("SELECT count(*) FROM provisioning_failures"
                + " WHERE cognito_sub LIKE '%s' AND resolved_at IS NULL");
        long recordedFailures = scenario.count("SELECT count(*) FROM provisioning_failures WHERE cognito_sub LIKE '%s'");

        assertThat(server.isRunning()).as("the outage lasted its full length").isTrue();
        assertThat(deadLetters).as("dead-lettered").isZero();
        assertThat(scenario.messagesOn(queues.deadLetterQueueUrl())).as("dead-lettered").isZero();
        assertThat(users).as("every user provisioned after recovery").isEqualTo(USERS);
        assertThat(workspaces).isEqualTo(USERS);
        assertThat(createdEvents).isEqualTo(USERS);
        assertThat(scenario.messagesOn(queues.queueUrl())).as("nothing left on the source queue").isZero();
        assertThat(scenario.total("MessagesFailed")).as("every message failed at least once during the outage")
                .isGreaterThanOrEqualTo(USERS);
        assertThat(scenario.total("MessagesPostponed")).as("and was postponed").isGreaterThanOrEqualTo(USERS);
        assertThat(unresolvedFailures).as("failure records left unresolved although every user is provisioned").isZero();
        System.out.printf("[reliability] long outage: %d messages, database down %d s against a receive budget of %d s"
                        + " at the queue's pace (%d receives x %d s visibility; 13 min in production), %d users provisioned"
                        + " after recovery, losses=%d, 0 dead letters, %.0f deliveries failed and postponed %.0f times,"
                        + " failure records %d (%d unresolved), %.1f s%n",
                USERS, OUTAGE.toSeconds(), oldReceiveBudget.toSeconds(), MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS, users,
                USERS - users, scenario.total("MessagesFailed"), scenario.total("MessagesPostponed"), recordedFailures,
                unresolvedFailures, seconds);
    }
}
