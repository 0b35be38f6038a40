package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the consumer records for each kind of failure (real PostgreSQL, the production adapter): the reason, the
 * detail support reads, the key peek and users show find it by, and its resolution by a later success.
 */
class FailureRecordsIT {
    private static final String POOL = "eu-west-1_Pool";
    /** The one username this test's database refuses, with a CHECK the field rules cannot foresee. */
    private static final String REFUSED_NAME = "name-refused-by-the-schema";
    private static final String REFUSING_CONSTRAINT = "test_refuses_one_username";

    private static MigratedDatabase db;
    private static JdbcProvisioningFailures failures;

    @BeforeAll
    static void start() {
        db = MigratedDatabase.create("failure_records");
        failures = new JdbcProvisioningFailures(db.database());
        db.database().withConnection(connection -> {
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("ALTER TABLE app_users ADD CONSTRAINT " + REFUSING_CONSTRAINT
                        + " CHECK (username <> '" + REFUSED_NAME + "')");
            }
        });
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void eachKindOfInvalidBody_isRecordedWithTheContractsReason_underTheKeySupportLooksItUpBy() {
        String versionSub = unique("version");
        String longSub = unique("long");
        SQSEvent event = event(
                message("{\"type\":\"user.confirmed\"", 2),
                message("{\"type\":\"user.confirmed\",\"version\":1,\"userPoolId\":\"" + POOL + "\",\"username\":\"u\","
                        + "\"triggerSource\":\"PostConfirmation_ConfirmSignUp\",\"occurredAt\":\"2026-12-01T10:00:00Z\"}", 1),
                message(valid(versionSub).replace("\"version\":1", "\"version\":2"), 1),
                message(UserConfirmedMessage.toJson(user(longSub, "ok")).replace("\"username\":\"ok\"",
                        "\"username\":\"" + "x".repeat(129) + "\""), 1));

        SQSBatchResponse response = handler().handleRequest(event, context());

        assertThat(response.getBatchItemFailures()).hasSize(4);
        assertThat(failure("message:" + id(event, 0))).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
            assertThat(f.detail()).isEqualTo("body is not valid JSON");
            assertThat(f.idempotencyKey()).isNull();
            assertThat(f.cognitoSub()).isNull();
            assertThat(f.messageId()).isEqualTo(id(event, 0));
            assertThat(f.receiveCount()).isEqualTo(2);
        });
        assertThat(failure("message:" + id(event, 1))).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
            assertThat(f.detail()).isEqualTo("sub is missing or blank");
        });
        // Bodies that still name a user (pool id and sub pass their rules) are keyed by it: found by sub.
        assertThat(failures.findBySub(versionSub, deadline())).singleElement().satisfies(f -> {
            assertThat(f.failureKey()).isEqualTo(POOL + "#" + versionSub);
            assertThat(f.messageId()).isEqualTo(id(event, 2));
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
            assertThat(f.detail()).isEqualTo("version must be the number 1 (received another integer)");
        });
        assertThat(failure(POOL + "#" + longSub)).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
            assertThat(f.detail()).isEqualTo("username is longer than 128 characters").doesNotContain("xxx");
            assertThat(f.cognitoSub()).isEqualTo(longSub);
        });
        for (int i = 0; i < 4; i++) {
            assertThat(UserConfirmedMessage.failureKey(event.getRecords().get(i).getBody(), id(event, i)))
                    .as("the key peek computes for message %d", i)
                    .isIn(List.of("message:" + id(event, i), POOL + "#" + versionSub, POOL + "#" + longSub));
        }
    }

    @Test
    void aBatchOfOnlyInvalidMessages_onAColdPoolWithTheTemplatesConnectTimeout_isRecordedAtOnce() {
        // Production wiring with the template's DATABASE_CONNECT_TIMEOUT_MS (3000): the batch touches the database only
        // to record, and its pool has no connection yet, so the recording must have time to open one.
        Map<String, String> environment = io.cognitosuite.consumers.ConsumerFixtures.environment(db.coordinates(), Map.of(
                io.cognitosuite.postgres.DatabaseSettings.CONNECT_TIMEOUT, "3000",
                io.cognitosuite.consumers.internal.RelaySettings.AFTER_BATCH_BUDGET, "0"));
        List<io.cognitosuite.postgres.Database> pools = new ArrayList<>();
        io.cognitosuite.consumers.ConsumerConnections connections = new io.cognitosuite.consumers.ConsumerConnections(
                settings -> {
                    io.cognitosuite.postgres.Database pool = io.cognitosuite.postgres.Database.pooled(settings);
                    pools.add(pool);
                    return pool;
                }, io.cognitosuite.consumers.ConsumerFixtures::unusedSqs, (bus, source, attempts) -> {
                    throw new AssertionError("no relay pass in this test");
                }, new RecordingMetrics());
        SQSEvent event = event(message("{\"type\":\"user.confirmed\"", 1));
        try {
            ProvisioningHandler handler = new ProvisioningHandler(io.cognitosuite.consumers.ConsumerComponents
                    .userProvisioning(environment, connections, Clock.systemUTC()));

            handler.handleRequest(event, context());
        } finally {
            pools.forEach(io.cognitosuite.postgres.Database::close);
        }

        assertThat(failure("message:" + id(event, 0)).reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
    }

    @Test
    void aRowTheDatabaseRejects_isRecordedWithTheSqlStateAndConstraint_neverItsValues() {
        String good = unique("good");
        String refused = unique("refused");
        SQSEvent event = event(message(valid(good), 1), message(UserConfirmedMessage.toJson(user(refused, REFUSED_NAME)), 3));

        SQSBatchResponse response;
        String log;
        try (LogCapture logs = LogCapture.start()) {
            response = handler().handleRequest(event, context());
            log = logs.all();
        }

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(id(event, 1));
        assertThat(failure(POOL + "#" + refused)).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_REJECTED);
            assertThat(f.detail()).isEqualTo("the database refused the row (SQL state 23514, constraint "
                    + REFUSING_CONSTRAINT + ")");
            assertThat(f.receiveCount()).isEqualTo(3);
            assertThat(f.cognitoSub()).isEqualTo(refused);
        });
        assertThat(failures.findByKeys(List.of(POOL + "#" + good), deadline())).as("the good row").isEmpty();
        assertThat(log).contains("failure records: 1 failures written, 0 resolved");
    }

    @Test
    void aLaterSuccessOfTheSameUser_resolvesTheFailure() {
        String sub = unique("fixed");
        ProvisioningHandler handler = handler();
        SQSEvent wrongVersion = event(message(valid(sub).replace("\"version\":1", "\"version\":7"), 1));
        handler.handleRequest(wrongVersion, context());
        assertThat(failure(POOL + "#" + sub).resolved()).isFalse();

        SQSBatchResponse corrected = handler.handleRequest(event(message(valid(sub), 1)), context());

        assertThat(corrected.getBatchItemFailures()).isEmpty();
        assertThat(failure(POOL + "#" + sub)).satisfies(f -> {
            assertThat(f.resolved()).isTrue();
            assertThat(f.resolvedAt()).isAfterOrEqualTo(f.lastSeenAt());
            assertThat(f.failures()).isEqualTo(1);
        });
    }

    @Test
    void outOfTime_isKeptPending_andWrittenWithItsOriginalTimeByTheNextBatch_whichResolvesIt() {
        String sub = unique("late");
        ProvisioningHandler handler = handler();
        SQSEvent event = event(message(valid(sub), 1));
        Instant before = Instant.now();

        // Less time left than the consumer keeps back for the batch response: nothing is tried, nothing written.
        SQSBatchResponse late = handler.handleRequest(event, new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(1)));
        assertThat(late.getBatchItemFailures()).hasSize(1);
        assertThat(failures.findByKeys(List.of(POOL + "#" + sub), deadline())).isEmpty();
        Instant failedBy = Instant.now();

        SQSBatchResponse redelivered = handler.handleRequest(event(message(valid(sub), 2)), context());

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(failure(POOL + "#" + sub)).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.OUT_OF_TIME);
            assertThat(f.detail()).isEqualTo(FailureDetails.OUT_OF_TIME_BATCH);
            assertThat(f.firstSeenAt()).isBetween(before.minusMillis(1), failedBy);
            assertThat(f.resolved()).isTrue();
        });
    }

    @Test
    void aFailureKeptPendingByOneContainer_writtenAfterAnotherProvisionedTheUser_isRecordedResolved() {
        // Two execution environments, each with its own recorder: scenario 3's defect, one step at a time.
        String sub = unique("two-containers");
        ProvisioningHandler first = handler();
        ProvisioningHandler second = handler();

        // The first fails the user and cannot write the failure (no time left): it waits in its pending list.
        assertThat(first.handleRequest(event(message(valid(sub), 1)),
                new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(1))).getBatchItemFailures()).hasSize(1);
        // The second provisions the user from another copy; its resolution finds no row to resolve.
        assertThat(second.handleRequest(event(message(valid(sub), 2)), context()).getBatchItemFailures()).isEmpty();
        assertThat(failures.findByKeys(List.of(POOL + "#" + sub), deadline())).isEmpty();

        // The first's next batch (another user) reaches the database and writes what was pending.
        assertThat(first.handleRequest(event(message(valid(unique("next")), 1)), context()).getBatchItemFailures())
                .isEmpty();

        assertThat(failure(POOL + "#" + sub)).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.OUT_OF_TIME);
            assertThat(f.resolved()).as("its user is provisioned").isTrue();
            assertThat(f.resolvedAt()).isAfterOrEqualTo(f.lastSeenAt());
        });
    }

    @Test
    void anUnexpectedError_isRecordedForEveryMessageOfTheBatch_withTheRequestId() {
        String sub = unique("unexpected");
        Metrics broken = metrics -> {
            throw new IllegalStateException("metrics sink broken");
        };
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                service(broken)));
        SQSEvent event = event(message(valid(sub), 1), message("not json", 1));
        String requestId = UUID.randomUUID().toString();

        SQSBatchResponse response = handler.handleRequest(event, new FakeLambdaContext("UserProvisioning", requestId,
                Instant.now().plusSeconds(30), Clock.systemUTC()));

        assertThat(response.getBatchItemFailures()).hasSize(2);
        assertThat(failures.findByKeys(List.of(POOL + "#" + sub, "message:" + id(event, 1)), deadline()))
                .hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.reason()).isEqualTo(FailureReason.UNEXPECTED);
                    assertThat(f.detail()).isEqualTo("the batch failed unexpectedly (IllegalStateException); see the "
                            + "function's log for request " + requestId);
                });
    }

    private static ProvisioningFailure failure(String key) {
        Optional<ProvisioningFailure> found = failures.findByKeys(List.of(key), deadline()).stream().findFirst();
        assertThat(found).as("a failure recorded under %s", key).isPresent();
        return found.get();
    }

    private static ProvisioningHandler handler() {
        return new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning", service(new RecordingMetrics())));
    }

    private static ProvisioningService service(Metrics metrics) {
        return ProvisioningFixtures.recording(new JdbcAppUsers(db.database()), failures, metrics);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static UserConfirmed user(String sub, String username) {
        return new UserConfirmed(POOL, sub, username, null, false, null, "PostConfirmation_ConfirmSignUp", Instant.now());
    }

    private static String valid(String sub) {
        return UserConfirmedMessage.toJson(user(sub, "name-" + sub));
    }

    private static SQSEvent.SQSMessage message(String body, int receiveCount) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(UUID.randomUUID().toString());
        m.setBody(body);
        m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return m;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(List.of(messages)));
        return event;
    }

    private static String id(SQSEvent event, int index) {
        return event.getRecords().get(index).getMessageId();
    }

    private static FakeLambdaContext context() {
        return new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30));
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }
}
