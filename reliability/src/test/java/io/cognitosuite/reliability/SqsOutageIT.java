package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.provisioning.SqsBatchProcessor;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventRecords;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scenario 4 of RELIABILITY.md, an SQS outage during confirmation: with ElasticMQ really stopped, post-confirmation
 * (as {@link TriggerFunctions} wires it, with the template's publish budget) fails within that budget with the fixed
 * try-again sentence; after the server is back on the same port, the same confirmation event retried (as Cognito's
 * user retrying the confirmation does) publishes, and the consumer as {@link ConsumerComponents} wires it provisions
 * exactly one user from the message. ElasticMQ keeps its queues in memory, so the queue is recreated with the same
 * name (hence the same URL the function is configured with) after the restart. The part "the support desk's reconcile
 * finds a user left without a row" needs {@code tools/}, which this module must not depend on: it is covered by
 * tools' {@code ReconcileServiceIT}.
 */
class SqsOutageIT {
    private static final String POOL = "eu-west-1_SqsOutage";
    private static final String SUB = "4d3c2b1a-6f5e-4a7b-8c9d-0e1f2a3b4c5d";
    private static final String USER_NAME = "outage-user";
    private static final String EMAIL = "outage.user@example.com";
    private static final String QUEUE = "sqs-outage-user-confirmed";
    /** template.yaml's {@code PUBLISH_BUDGET_MS}. */
    private static final long PUBLISH_BUDGET_MS = 2000;
    /** Above the budget: the handler's own work around the send (parsing, logging) on a loaded 2-core machine. */
    private static final long BUDGET_MARGIN_MS = 500;
    /** Exactly the sentence Cognito shows the user (TriggerFailedException.TRY_AGAIN, spelled out on purpose). */
    private static final String SAFE_SENTENCE = "We could not complete your request right now. Please try again in a moment.";
    private static final Pattern ATTEMPTS = Pattern.compile("could not publish user\\.confirmed for sub \\S+ after (\\d+) attempts");

    private static MigratedDatabase db;
    private static EmbeddedSqsServer sqsServer;
    private static int sqsPort;
    private static SqsClient sqs;
    private static final List<Database> pools = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = MigratedDatabase.create("sqs_outage");
        sqsServer = EmbeddedSqsServer.start();
        sqsPort = sqsServer.endpoint().getPort();
        sqs = SqsTestClients.client(sqsServer.endpoint());
    }

    @AfterAll
    static void stop() {
        pools.forEach(Database::close);
        sqs.close();
        if (sqsServer != null) {
            sqsServer.close();
        }
        db.close();
    }

    @Test
    void sqsDown_confirmationFailsWithinItsBudgetWithTheSafeSentence_andTheSameEventRetriedAfterRecoveryProvisionsOneUser()
            throws Exception {
        long started = System.nanoTime();
        // given a queue the function is configured with, and ElasticMQ then stopped
        String queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, QUEUE, 5, 30).queueUrl();
        PostConfirmationHandler postConfirmation = triggers(queueUrl).postConfirmation(sqs);
        byte[] confirmation = confirmationEvent();
        sqsServer.close();
        sqsServer = null;

        // when the user confirms during the outage
        Throwable failure;
        long elapsedMs;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            long callStarted = System.nanoTime();
            failure = catchThrowable(() -> invoke(postConfirmation, confirmation));
            elapsedMs = (System.nanoTime() - callStarted) / 1_000_000;
            logs = capture.all();
        }

        // then the confirmation fails within its budget with the fixed sentence, nothing of the input in it
        assertThat(failure).isInstanceOf(TriggerFailedException.class);
        assertThat(failure.getMessage()).isEqualTo(SAFE_SENTENCE)
                .doesNotContain("Exception").doesNotContain("io.cognitosuite").doesNotContain("software.amazon")
                .doesNotContain(SUB).doesNotContain(USER_NAME).doesNotContain(EMAIL).doesNotContain(POOL);
        assertThat(elapsedMs).as("elapsed of the failed confirmation, ms").isLessThan(PUBLISH_BUDGET_MS + BUDGET_MARGIN_MS);
        Matcher attempts = ATTEMPTS.matcher(logs);
        assertThat(attempts.find()).as("the function logged its failed attempts").isTrue();
        int sendAttempts = Integer.parseInt(attempts.group(1));
        assertThat(sendAttempts).as("the send was retried within the budget").isGreaterThan(1);

        // when ElasticMQ is back on the same port (empty: it is in memory, so the queue is recreated, same name and URL)
        sqsServer = EmbeddedSqsServer.start(sqsPort);
        String recreatedUrl = SqsQueues.createWithDeadLetterQueue(sqs, QUEUE, 5, 30).queueUrl();
        assertThat(recreatedUrl).isEqualTo(queueUrl);
        // and Cognito's user retries the same confirmation once
        int retries = 1;
        invoke(postConfirmation, confirmation);

        // then the message is in the queue
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNamesWithStrings("All")).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).contains(SUB);

        // and the consumer provisions exactly one user from it
        SQSBatchResponse response = consumer().process(SqsEventRecords.fromMessages(messages),
                new FakeLambdaContext(ConsumerComponents.USER_PROVISIONING, Duration.ofSeconds(30)));
        assertThat(response.getBatchItemFailures()).isEmpty();
        long users = db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + SUB + "'");
        assertThat(users).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id"
                + " WHERE w.personal AND u.cognito_sub = '" + SUB + "'")).isEqualTo(1);

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "[reliability] sqs outage: ElasticMQ stopped, post-confirmation failed in %d ms "
                        + "(budget %d ms, %d send attempts) with the fixed try-again sentence; ElasticMQ restarted on the "
                        + "same port (in memory: queue recreated with the same name and URL), %d retry of the same "
                        + "confirmation published 1 message, %d user provisioned by the consumer, losses=%d; reconcile of "
                        + "a user left without a row: covered by tools' ReconcileServiceIT; %.2f s%n",
                elapsedMs, PUBLISH_BUDGET_MS, sendAttempts, retries, users, 1 - users, seconds);
    }

    private static TriggerFunctions triggers(String queueUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("USER_CONFIRMED_QUEUE_URL", queueUrl);
        env.put("PUBLISH_BUDGET_MS", Long.toString(PUBLISH_BUDGET_MS));
        return new TriggerFunctions(env, settings -> {
            throw new IllegalStateException("post-confirmation uses no database");
        }, new RecordingMetrics(), Clock.systemUTC());
    }

    private static SqsBatchProcessor consumer() {
        DatabaseSettings settings = db.settings();
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, settings.jdbcUrl());
        env.put(DatabaseSettings.USER, settings.user());
        env.put(DatabaseSettings.PASSWORD, settings.password());
        env.put("RELAY_AFTER_BATCH_BUDGET_MS", "0");
        ConsumerConnections connections = new ConsumerConnections(s -> {
            Database pool = Database.pooled(s);
            pools.add(pool);
            return pool;
        }, () -> sqs, (bus, source, attempts) -> {
            throw new IllegalStateException("no relay in this scenario");
        }, new RecordingMetrics());
        return ConsumerComponents.userProvisioning(env, connections, Clock.systemUTC());
    }

    private static byte[] confirmationEvent() throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"));
        event.put("userName", USER_NAME).put("userPoolId", POOL);
        ((ObjectNode) event.path("request").path("userAttributes")).put("sub", SUB).put("email", EMAIL);
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private static void invoke(PostConfirmationHandler handler, byte[] event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                FakeLambdaContext.cognitoTrigger(PostConfirmationHandler.FUNCTION));
    }
}
