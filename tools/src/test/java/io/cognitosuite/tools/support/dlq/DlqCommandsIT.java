package io.cognitosuite.tools.support.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.sqs.MoveReport;
import io.cognitosuite.aws.sqs.MoveSelection;
import io.cognitosuite.aws.sqs.QueueCounts;
import io.cognitosuite.aws.sqs.QueuePair;
import io.cognitosuite.aws.sqs.SqsDeadLetterQueues;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.postgres.jdbc.JdbcSupportAudit;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.tools.CognitoSuiteCli;
import io.cognitosuite.tools.CognitoSuiteCli.Captured;
import io.cognitosuite.tools.LocalSuite;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code dlq stats | peek | redrive} as support runs them, on ElasticMQ and PostgreSQL, and the redriven messages
 * through the production provisioning consumer.
 */
class DlqCommandsIT {
    private static final String POOL = "eu-west-1_DlqPool";
    private static LocalSqs local;
    private static SqsClient sqs;
    private static DatabaseCoordinates coordinates;
    private static Database database;
    private static int queues;


    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        coordinates = TestDatabases.shared().createDatabase("dlq_cli");
        database = Database.pooled(settings());
        Migrations.apply(database.dataSource());
    }

    @AfterAll
    static void stop() {
        database.close();
        local.close();
    }

    @Test
    void peek_explainsEachDeadLetter_recordedOrRevalidated_masksEmails_andLeavesEveryMessageInPlace() throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("peek-a", "ada@example.com"), poison("peek-b"),
                valid("peek-c", "cy@example.com")));
        recordFailure("peek-a", FailureReason.DATABASE_UNAVAILABLE, "SQL state 08001: the connection failed");
        QueueCounts before = counts(pair);

        Captured json = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--json");
        Captured text = run("dlq", "peek", "--queue-url", pair.deadLetterUrl());
        Captured pii = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--show-pii", "--sub", "peek-a");

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode messages = json.json().path("queues").get(0).path("messages");
        assertThat(messages).hasSize(3);
        JsonNode a = bySub(messages, "peek-a");
        assertThat(a.path("reason").asText()).isEqualTo("database_unavailable");
        assertThat(a.path("recorded").path("detail").asText()).isEqualTo("SQL state 08001: the connection failed");
        assertThat(a.path("email").asText()).isEqualTo("a***@example.com");
        assertThat(a.path("type").asText()).isEqualTo("user.confirmed");
        assertThat(a.path("receiveCount").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode b = bySub(messages, "peek-b");
        assertThat(b.path("reason").asText()).isEqualTo("invalid_message");
        assertThat(b.path("bodyValid").asBoolean()).isFalse();
        assertThat(b.path("bodyProblem").asText()).isEqualTo("version must be the number 1 (received another integer)");
        assertThat(b.path("recorded").isNull()).isTrue();
        assertThat(bySub(messages, "peek-c").path("reason").asText()).isEqualTo("unknown");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("3 messages, every one left in place").contains("a***@example.com")
                .contains("database_unavailable (recorded: 1 failure").contains("-> " + FailureReason.DATABASE_UNAVAILABLE.advice())
                .contains("invalid_message (body re-validated, no record): version must be the number 1")
                .contains("receive counts include this command's own receive")
                .doesNotContain("ada@example.com").doesNotContain("cy@example.com");
        assertThat(pii.out()).contains("ada@example.com").contains("1 message matching").doesNotContain("peek-c");
        assertThat(counts(pair)).as("every message still there, visible").isEqualTo(before);
        assertThat(receiveAll(pair.deadLetterUrl())).extracting(Message::body).as("bodies intact")
                .containsExactlyInAnyOrder(valid("peek-a", "ada@example.com"), poison("peek-b"),
                        valid("peek-c", "cy@example.com"));
    }

    @Test
    void peek_printsTheReasonTheConsumerRecorded_forAPoisonMessageSqsMovedToTheDeadLetterQueue() throws Exception {
        SqsQueues.QueuePair created = SqsQueues.createWithDeadLetterQueue(sqs, "dlq-cli-" + (++queues), 1, 1);
        String poison = "{\"type\":\"user.confirmed\",\"version\":2,\"userPoolId\":\"" + POOL + "\",\"sub\":\"rec-a\","
                + "\"email\":\"rec@example.com\",\"occurredAt\":\"2026-12-01T10:00:00Z\"}";
        sqs.sendMessage(r -> r.queueUrl(created.queueUrl()).messageBody(poison));
        // With a valid one in the same batch (a batch of poison alone on a cold pool records too: FailureRecordsIT).
        sqs.sendMessage(r -> r.queueUrl(created.queueUrl()).messageBody(valid("rec-b", null)));
        QueuePair pair = new SqsDeadLetterQueues(sqs).pairsOf(created.queueUrl()).get(0);
        consumeAll(pair);
        Instant giveUp = Instant.now().plusSeconds(10);
        while (counts(pair).visible() == 0 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
            // The next receive after the visibility timeout finds the count spent: SQS moves the message.
            sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).visibilityTimeout(0));
        }

        Captured peek = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--json");

        assertThat(peek.exit()).as(peek.err()).isZero();
        assertThat(peek.json().path("queues").get(0).path("messages")).hasSize(1);
        JsonNode m = peek.json().path("queues").get(0).path("messages").get(0);
        assertThat(m.path("sub").asText()).isEqualTo("rec-a");
        assertThat(m.path("reason").asText()).isEqualTo("invalid_message");
        assertThat(m.path("bodyProblem").asText()).isEqualTo("version must be the number 1 (received another integer)");
        assertThat(m.path("recorded").path("reason").asText()).as("recorded by the consumer").isEqualTo("invalid_message");
        assertThat(m.path("recorded").path("failures").asInt()).isEqualTo(1);
        assertThat(m.path("recorded").path("detail").asText()).isNotBlank().doesNotContain("rec@example.com");
    }

    @Test
    void eachKindOfFailure_theConsumerRecords_isWhatPeekAndUsersShowPrint() throws Exception {
        // A CHECK only this test's rows meet: the database refuses one user name the contract allows.
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE app_users ADD CONSTRAINT test_refuses_one_name CHECK (username <> 'user-kind-refused')");
        }
        SqsQueues.QueuePair created = SqsQueues.createWithDeadLetterQueue(sqs, "dlq-cli-" + (++queues), 1, 1);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "{\"type\":\"user.confirmed\"");
        bodies.put("missing sub", valid("kind-nosub", null).replace("\"sub\":\"kind-nosub\",", ""));
        bodies.put("wrong version", valid("kind-version", null).replace("\"version\":1", "\"version\":7"));
        bodies.put("field over its bound", valid("kind-long", null).replace("\"username\":\"user-kind-long\"",
                "\"username\":\"" + "u".repeat(129) + "\""));
        bodies.put("refused by the database", valid("kind-refused", null));
        bodies.values().forEach(body -> sqs.sendMessage(r -> r.queueUrl(created.queueUrl()).messageBody(body)));
        QueuePair pair = new SqsDeadLetterQueues(sqs).pairsOf(created.queueUrl()).get(0);
        consumeAll(pair);
        Instant giveUp = Instant.now().plusSeconds(10);
        while (counts(pair).visible() < bodies.size() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
            sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).maxNumberOfMessages(10).visibilityTimeout(0));
        }

        Captured peek = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--json");
        Captured show = run("users", "show", "kind-refused", "--queue-url", pair.sourceUrl());

        assertThat(peek.exit()).as(peek.err()).isZero();
        JsonNode messages = peek.json().path("queues").get(0).path("messages");
        assertThat(messages).hasSize(bodies.size());
        Map<String, String> recorded = new HashMap<>();
        for (JsonNode m : messages) {
            assertThat(m.path("recorded").isObject()).as("a record for %s", m).isTrue();
            assertThat(m.path("reason").asText()).isEqualTo(m.path("recorded").path("reason").asText());
            recorded.put(m.path("recorded").path("detail").asText(), m.path("reason").asText());
        }
        assertThat(recorded).containsEntry("body is not valid JSON", "invalid_message")
                .containsEntry("sub is missing or blank", "invalid_message")
                .containsEntry("version must be the number 1 (received another integer)", "invalid_message")
                .containsEntry("username is longer than 128 characters", "invalid_message")
                .hasSize(bodies.size());
        assertThat(recorded).hasEntrySatisfying(recorded.keySet().stream().filter(d -> d.contains("test_refuses_one_name"))
                .findFirst().orElseThrow(() -> new AssertionError("no detail names the refusing constraint: " + recorded)),
                reason -> assertThat(reason).isEqualTo("database_rejected"));
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("provisioning failures: 1").contains("database_rejected")
                .contains("test_refuses_one_name").contains("dead letters: 1 for this user")
                .contains("verdict: NOT provisioned: a confirmation waits in the dead-letter queue");
    }

    @Test
    void aPoisonCopy_ofAUserWhoseValidCopyFailedForTheDatabase_isInvalid_andARedriveByThatReasonLeavesIt() throws Exception {
        // The record is the user's (key userPoolId#sub), written for another copy; this copy's body is broken.
        QueuePair pair = pairWithDeadLetters(List.of(valid("copy-a", null).replace("\"version\":1", "\"version\":2")));
        recordFailure("copy-a", FailureReason.DATABASE_UNAVAILABLE, "the database was unavailable (SQL state 08001)");

        Captured peek = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--json");
        Captured redrive = run("dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--reason", "database_unavailable",
                "--dry-run", "--operator", "ada@support", "--json");

        JsonNode m = peek.json().path("queues").get(0).path("messages").get(0);
        assertThat(m.path("reason").asText()).isEqualTo("invalid_message");
        assertThat(m.path("bodyProblem").asText()).startsWith("version must be");
        assertThat(redrive.exit()).as(redrive.err()).isZero();
        assertThat(redrive.json().path("wouldMove").asInt()).isZero();
        assertThat(redrive.json().path("messages")).isEmpty();
    }

    @Test
    void selectiveRedrive_withMax_movesAndListsOnlyThatMany() throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("max-a", null), valid("max-b", null), valid("max-c", null)));

        Captured run = run("dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--selective", "--max", "1",
                "--operator", "ada@support", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().path("moved").asInt()).isEqualTo(1);
        assertThat(run.json().path("messages")).hasSize(1);
        assertThat(counts(pair).visible()).isEqualTo(2);
    }

    @Test
    void stats_showsBothQueuesCounts_theOldestDeadLetter_andNoTask() throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("stats-a", null), valid("stats-b", null)));

        Captured json = run("dlq", "stats", "--queue-url", pair.sourceUrl(), "--json");
        Captured text = run("dlq", "stats", "--queue-url", pair.sourceUrl());

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode q = json.json().path("queues").get(0);
        assertThat(q.path("source").path("visible").asInt()).isZero();
        assertThat(q.path("deadLetterQueue").path("visible").asInt()).isEqualTo(2);
        assertThat(q.path("deadLetterQueue").path("oldest").path("basis").asText()).isEqualTo("oldest of all 2");
        assertThat(q.path("moveTasks")).isEmpty();
        assertThat(text.out()).contains(pair.deadLetterName()).contains("(oldest of all 2)")
                .contains("move tasks: none running");
        assertThat(counts(pair).visible()).isEqualTo(2);
    }

    @Test
    void selectiveRedrive_movesExactlyTheMatches_secondRunIsANoOp_everyRunIsAudited_andTheUserIsProvisionedOnce()
            throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("sel-a", "a@example.com"), poison("sel-b"),
                valid("sel-c", "c@example.com")));
        recordFailure("sel-a", FailureReason.DATABASE_UNAVAILABLE, "SQL state 08001: the connection failed");
        String[] redrive = {"dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--reason", "database_unavailable",
                "--operator", "ada@support", "--json"};

        Captured dryRun = run(append(redrive, "--dry-run"));
        QueueCounts afterDryRun = counts(pair);
        Captured first = run(redrive);
        Captured second = run(redrive);

        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.json().path("wouldMove").asInt()).isEqualTo(1);
        assertThat(dryRun.json().path("messages").get(0).path("email").asText()).isEqualTo("a***@example.com");
        assertThat(afterDryRun.visible()).isEqualTo(3);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.json().path("moved").asInt()).isEqualTo(1);
        assertThat(first.json().path("skipped").asInt()).isEqualTo(2);
        assertThat(second.exit()).isZero();
        assertThat(second.json().path("moved").asInt()).isZero();
        assertThat(second.json().path("examined").asInt()).isEqualTo(2);
        assertThat(counts(pair).visible()).isEqualTo(2);
        List<AuditEntry> audit = new JdbcSupportAudit(database).list(3, DlqCommand.REDRIVE);
        assertThat(audit).extracting(AuditEntry::result).containsExactly("ok", "ok", "dry-run");
        assertThat(audit).allSatisfy(e -> {
            assertThat(e.operator()).isEqualTo("ada@support");
            assertThat(e.arguments()).containsEntry("mode", "selective").containsEntry("reason", "database_unavailable")
                    .containsEntry("queue", pair.deadLetterName());
            assertThat(e.finishedAt()).isNotNull();
        });
        assertThat(audit.get(1).counts()).containsEntry("moved", 1L).containsEntry("skipped", 2L)
                .containsEntry("examined", 3L).containsEntry("duplicated", 0L);
        assertThat(audit.get(2).counts()).containsEntry("wouldMove", 1L).containsEntry("moved", 0L);

        consumeAll(pair);

        assertThat(count("SELECT count(*) FROM app_users WHERE cognito_sub = 'sel-a'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM app_users WHERE cognito_sub IN ('sel-b', 'sel-c')")).isZero();
        assertThat(count("SELECT count(*) FROM provisioning_failures WHERE failure_key = '" + POOL + "#sel-a'"
                + " AND resolved_at IS NOT NULL")).as("is it fixed: the consumer resolved the record").isEqualTo(1);
    }

    @Test
    void nativeRedrive_refusesASecondTaskWhileOneRuns_cancels_movesEverything_andThenFindsNothingToMove()
            throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("nat-a", null), valid("nat-b", null), valid("nat-c", null)));
        String[] redrive = {"dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--operator", "bob@support"};

        Captured slow = run(append(redrive, "--rate", "1"));
        Captured refused = run(redrive);
        Captured status = run("dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--status", "--json");
        Captured cancel = run(append(redrive, "--cancel"));
        Captured all = run(append(redrive, "--wait", "--json"));
        Captured again = run(redrive);

        assertThat(slow.exit()).as(slow.err()).isZero();
        assertThat(slow.out()).contains("started a move task of about 3 messages").contains("at 1 a second");
        assertThat(refused.exit()).isEqualTo(SupportCommand.FAILED);
        assertThat(refused.err()).contains("error: a message move task is already running for " + pair.deadLetterName())
                .contains("hint: SQS runs one move task per queue");
        assertThat(status.json().get(0).path("tasks").get(0).path("status").asText()).isEqualTo("RUNNING");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.json().path("started").asBoolean()).isTrue();
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("nothing to move");
        assertThat(counts(pair).total()).isZero();
        assertThat(receiveAll(pair.sourceUrl())).hasSize(3);
        List<AuditEntry> audit = new JdbcSupportAudit(database).list(5, DlqCommand.REDRIVE);
        assertThat(audit).extracting(e -> e.arguments().get("mode") + ":" + e.result())
                .containsExactly("native:ok", "native:ok", "cancel:ok", "native:failed", "native:ok");
        assertThat(audit).allSatisfy(e -> assertThat(e.operator()).isEqualTo("bob@support"));
        assertThat(audit.get(0).counts()).containsEntry("toMove", 0L);
        assertThat(audit.get(1).counts()).containsEntry("started", 1L).containsKey("moved");
    }

    @Test
    void selectiveRedrive_interruptedBetweenSendAndDelete_leavesADuplicate_whichProvisionsNothingNew() throws Exception {
        QueuePair pair = pairWithDeadLetters(List.of(valid("dup-a", "d@example.com")));
        MoveReport interrupted;
        try (SqsClient failingDeletes = clientFailing(DeleteMessageBatchRequest.class)) {
            interrupted = new SqsDeadLetterQueues(failingDeletes).move(pair, MoveSelection.all(), 10, false, r -> { });
        }
        assertThat(interrupted.duplicated()).isEqualTo(1);
        assertThat(counts(pair).visible()).as("the dead letter is still there").isEqualTo(1);
        consumeAll(pair);
        long users = count("SELECT count(*) FROM app_users WHERE cognito_sub = 'dup-a'");
        long events = count("SELECT count(*) FROM outbox_events");

        Captured redrive = run("dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--selective", "--operator", "eve");
        consumeAll(pair);

        assertThat(users).isEqualTo(1);
        assertThat(redrive.exit()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("moved 1 of 1 examined");
        assertThat(counts(pair).total()).isZero();
        assertThat(count("SELECT count(*) FROM app_users WHERE cognito_sub = 'dup-a'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox_events")).as("the duplicate adds no event").isEqualTo(events);
    }

    @Test
    void usageErrors_exitTwo_withAHint() {
        QueuePair pair = pairWithDeadLetters(List.of());

        Captured mixed = run("dlq", "redrive", "--queue-url", pair.deadLetterUrl(), "--sub", "x", "--rate", "5",
                "--operator", "o");
        Captured badReason = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--reason", "nope");
        Captured badAge = run("dlq", "peek", "--queue-url", pair.deadLetterUrl(), "--older-than", "soon");
        Captured none = run("dlq", "stats", "--queue-prefix", "no-such-queue");

        assertThat(List.of(mixed, badReason, badAge, none)).allSatisfy(r -> {
            assertThat(r.exit()).as(r.err()).isEqualTo(SupportCommand.USAGE);
            assertThat(r.err()).contains("error: ").contains("hint: ").doesNotContain("\tat ");
        });
        assertThat(badReason.err()).contains("invalid_message, database_unavailable");
    }

    // ------------------------------------------------------------------ helpers

    private static Captured run(String... args) {
        return CognitoSuiteCli.capture(environment(), args);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, coordinates.jdbcUrl());
        env.put(DatabaseSettings.USER, coordinates.user());
        env.put(DatabaseSettings.PASSWORD, coordinates.password());
        env.put("AWS_ENDPOINT_URL_SQS", local.server().endpoint().toString());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    private static DatabaseSettings settings() {
        return new DatabaseSettings(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 2,
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static String valid(String sub, String email) {
        return UserConfirmedMessage.toJson(new UserConfirmed(POOL, sub, "user-" + sub, email, email != null, null,
                "PostConfirmation_ConfirmSignUp", Instant.parse("2026-12-01T10:00:00Z")));
    }

    /** A poison message: a version the consumer does not read. */
    private static String poison(String sub) {
        return "{\"type\":\"user.confirmed\",\"version\":2,\"sub\":\"" + sub + "\",\"email\":\"bo@example.com\"}";
    }

    private static void recordFailure(String sub, FailureReason reason, String detail) {
        new JdbcProvisioningFailures(database).record(List.of(ProvisioningFailure.seen(POOL + "#" + sub, sub,
                "msg-" + sub, reason, detail, 5, Instant.now())), Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));
    }

    /** A fresh pair whose dead-letter queue holds these bodies, each moved there by SQS after one receive. */
    private static QueuePair pairWithDeadLetters(List<String> bodies) {
        SqsQueues.QueuePair created = SqsQueues.createWithDeadLetterQueue(sqs, "dlq-cli-" + (++queues), 1, 30);
        for (String body : bodies) {
            sqs.sendMessage(r -> r.queueUrl(created.queueUrl()).messageBody(body).messageAttributes(Map.of(
                    "type", MessageAttributeValue.builder().dataType("String").stringValue("user.confirmed").build(),
                    "version", MessageAttributeValue.builder().dataType("Number").stringValue("1").build())));
        }
        int received = 0;
        while (received < bodies.size()) {
            received += sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).maxNumberOfMessages(10)
                    .visibilityTimeout(0)).messages().size();
        }
        assertThat(sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).maxNumberOfMessages(10)).messages()).isEmpty();
        return new SqsDeadLetterQueues(sqs).pairsOf(created.queueUrl()).get(0);
    }

    private static QueueCounts counts(QueuePair pair) {
        return new SqsDeadLetterQueues(sqs).counts(pair.deadLetterUrl());
    }

    private static JsonNode bySub(JsonNode messages, String sub) {
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> sub.equals(m.path("sub").asText()))
                .findFirst().orElseThrow();
    }

    private static List<Message> receiveAll(String url) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    /** The production provisioning consumer, as its composition root builds it, fed the source queue until empty. */
    private static void consumeAll(QueuePair pair) {
        Map<String, String> env = new HashMap<>(LocalSuite.USER_PROVISIONING_SETTINGS);
        env.put("RELAY_AFTER_BATCH_BUDGET_MS", "0");
        env.put("EVENT_BUS_NAME", "unused");
        env.put(DatabaseSettings.URL, coordinates.jdbcUrl());
        env.put(DatabaseSettings.USER, coordinates.user());
        env.put(DatabaseSettings.PASSWORD, coordinates.password());
        List<Database> pools = new ArrayList<>();
        ConsumerConnections connections = new ConsumerConnections(s -> {
            Database db = Database.pooled(s);
            pools.add(db);
            return db;
        }, () -> sqs, (bus, source, attempts) -> {
            throw new AssertionError("no relay in this test");
        }, new RecordingMetrics());
        ProvisioningHandler handler = new ProvisioningHandler(ConsumerComponents.userProvisioning(env, connections,
                Clock.systemUTC()));
        SqsEventSourcePoller source = new SqsEventSourcePoller(sqs, pair.sourceUrl(), 10,
                ConsumerComponents.USER_PROVISIONING, Duration.ofSeconds(30), handler::handleRequest);
        try {
            while (!source.pollOnce(Duration.ZERO).received().isEmpty()) {
                // each round provisions a batch and deletes what succeeded
            }
        } finally {
            pools.forEach(Database::close);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A client whose requests of one kind fail before they are sent, as a dropped connection would. */
    private static SqsClient clientFailing(Class<?> requestType) {
        return AwsClients.configured(SqsClient.builder()).endpointOverride(local.server().endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (requestType.isInstance(context.request())) {
                            throw SdkClientException.create("connection reset (injected)");
                        }
                    }
                })).build();
    }
}
