package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer handler with the sample SQS events from {@code events/}, against real PostgreSQL. */
class ProvisioningHandlerIT {
    private MigratedDatabase db;
    private RecordingMetrics metrics;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("provisioning");
        metrics = new RecordingMetrics();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void normalBatch_provisionsEveryUser() {
        SQSBatchResponse response = handler(db.database()).handleRequest(event("user-confirmed-batch.json"), context());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM workspaces")).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(3);
        assertThat(metrics.last().counts()).containsEntry("MessagesConsumed", 3.0).containsEntry("UsersProvisioned", 3.0)
                .containsEntry("MessagesFailed", 0.0);
    }

    @Test
    void duplicateBatch_twice_leavesOneRowWorkspaceAndEventPerUser() {
        ProvisioningHandler handler = handler(db.database());

        assertThat(handler.handleRequest(event("user-confirmed-duplicates.json"), context()).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(event("user-confirmed-duplicates.json"), context()).getBatchItemFailures()).isEmpty();

        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM workspaces")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM workspace_members")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(2);
    }

    @Test
    void poisonMessages_areReportedAsBatchItemFailures_whileNeighboursCommit() {
        SQSEvent event = event("user-confirmed-poison.json");
        try (LogCapture logs = LogCapture.start()) {
            SQSBatchResponse response = handler(db.database()).handleRequest(event, context());

            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactlyInAnyOrder(id(event, 1), id(event, 2), id(event, 3));
            assertThat(logs.all())
                    .contains("is invalid (body is not valid JSON)")
                    .contains("is invalid (type must be 'user.confirmed' (received a string of 12 characters))")
                    .contains("sub is missing or blank")
                    .contains("dead-letter queue")
                    // a fixed reason, never what the message held
                    .doesNotContain("user.deleted")
                    .doesNotContain("not json");
        }
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub IN "
                + "('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333')")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(2);
    }

    @Test
    void twoConsumersAtOnce_withOverlappingBatches_createEachUserOnce_andFailNothing() throws Exception {
        Set<String> allSubs = new HashSet<>();
        try (Database second = Database.pooled(db.settings())) {
            ProvisioningHandler one = handler(db.database());
            ProvisioningHandler two = handler(second);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    // Fresh users every round: batch A holds users 0-9, batch B users 5-14 (and 5 twice), in reverse.
                    List<String> subs = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        subs.add("round-" + round + "-user-" + i);
                    }
                    allSubs.addAll(subs);
                    List<String> subsB = new ArrayList<>(subs.subList(5, 15));
                    subsB.add("round-" + round + "-user-5");
                    java.util.Collections.reverse(subsB);
                    SQSEvent batchA = batch(subs.subList(0, 10));
                    SQSEvent batchB = batch(subsB);
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<SQSBatchResponse> a = pool.submit(() -> {
                        start.await();
                        return one.handleRequest(batchA, context());
                    });
                    Future<SQSBatchResponse> b = pool.submit(() -> {
                        start.await();
                        return two.handleRequest(batchB, context());
                    });
                    assertThat(a.get(30, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
                    assertThat(b.get(30, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(allSubs.size());
        assertThat(db.count("SELECT count(*) FROM workspaces")).isEqualTo(allSubs.size());
        assertThat(db.count("SELECT count(*) FROM workspace_members")).isEqualTo(allSubs.size());
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(allSubs.size());
    }

    @Test
    void rowTheDatabaseRejects_failsOnlyItsOwnMessages() {
        // The field rules refuse every value the schema cannot store, so a rejection here is one nobody foresaw: a
        // constraint added later, a trigger of the operator's. Stand in for it with a CHECK this row breaks.
        db.database().withConnection(connection -> {
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("ALTER TABLE app_users ADD CONSTRAINT test_rejects_one_row "
                        + "CHECK (username <> 'name-bad-row')");
            }
        });
        SQSEvent event = batch(List.of("good-1", "bad-row", "good-2"));

        SQSBatchResponse response = handler(db.database()).handleRequest(event, context());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(1).getMessageId());
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub IN ('good-1', 'good-2')")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(2);
    }

    @Test
    void nulCharacter_isRefusedByTheFieldRules_asPoison_whileItsNeighboursCommit() {
        SQSEvent event = batch(List.of("good-1", "bad-nul", "good-2"));
        // PostgreSQL text cannot hold a NUL character: no delivery could ever store it.
        event.getRecords().get(1).setBody(event.getRecords().get(1).getBody().replace("bad-nul@example.com", "bad\\u0000@example.com"));
        SQSBatchResponse response;
        String log;
        try (LogCapture logs = LogCapture.start()) {
            response = handler(db.database()).handleRequest(event, context());
            log = logs.all();
        }

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(1).getMessageId());
        assertThat(log).contains("email holds a NUL character, which the database cannot store");
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(2);
    }

    private static SQSEvent batch(List<String> subs) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String sub : subs) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.randomUUID().toString());
            m.setBody(UserConfirmedMessage.toJson(new UserConfirmed("eu-west-1_Pool", sub, "name-" + sub, sub + "@example.com", true,
                    null, "PostConfirmation_ConfirmSignUp", Instant.now())));
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private ProvisioningHandler handler(Database database) {
        return new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.neverPostponing(new JdbcAppUsers(database), metrics)));
    }

    static SQSEvent event(String file) {
        return EventLoader.loadSQSEvent("events/sqs/" + file);
    }

    private static String id(SQSEvent event, int index) {
        return event.getRecords().get(index).getMessageId();
    }

    private static FakeLambdaContext context() {
        return new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30));
    }

    @SuppressWarnings("unused")
    private static List<String> ids(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
