package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.FakeLambdaContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer while PostgreSQL is really stopped (pg_ctl stop), and after it is back. */
class DatabaseOutageConsumerIT {
    private static StoppableDatabase fixture;
    private static EmbeddedPostgresServer server;
    private static Database database;

    @BeforeAll
    static void start() {
        fixture = StoppableDatabase.start();
        server = fixture.server();
        database = fixture.database();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void databaseStopped_failsEveryItem_thenRedeliverySucceedsOnceItIsBack() {
        RecordingMetrics metrics = new RecordingMetrics();
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.neverPostponing(new JdbcAppUsers(database), metrics)));
        SQSEvent batch = ProvisioningHandlerIT.event("user-confirmed-batch.json");

        holdTwoIdleConnections();
        server.stop();
        try {
            SQSBatchResponse duringOutage = handler.handleRequest(batch, context());

            assertThat(duringOutage.getBatchItemFailures())
                    .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactlyInAnyOrderElementsOf(batch.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList());
            assertThat(metrics.last().counts()).containsEntry("MessagesFailed", 3.0);
        } finally {
            server.startAgain();
        }

        SQSBatchResponse redelivered = handler.handleRequest(batch, context());

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(fixture.count("SELECT count(*) FROM app_users")).isEqualTo(3);
        assertThat(fixture.count("SELECT count(*) FROM workspaces")).isEqualTo(3);
        assertThat(fixture.count("SELECT count(*) FROM outbox_events")).isEqualTo(3);
    }

    @Test
    void databaseStopped_theFailureIsWrittenByTheFirstBatchAfterItIsBack_withTheTimeItFailed() {
        JdbcProvisioningFailures failures = new JdbcProvisioningFailures(database);
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.recording(new JdbcAppUsers(database), failures, new RecordingMetrics())));
        SQSEvent.SQSMessage confirmed = new SQSEvent.SQSMessage();
        confirmed.setMessageId("outage-recorded-1");
        confirmed.setBody(UserConfirmedMessage.toJson(new UserConfirmed("eu-west-1_Pool", "outage-recorded", "outage-recorded",
                null, false, null, "PostConfirmation_ConfirmSignUp", Instant.now())));
        SQSEvent.SQSMessage poison = new SQSEvent.SQSMessage();
        poison.setMessageId("outage-recorded-poison");
        poison.setBody("not json");

        Instant stopped = Instant.now();
        server.stop();
        Instant failedBy;
        try {
            SQSBatchResponse duringOutage = handler.handleRequest(events(confirmed), context());
            failedBy = Instant.now();
            assertThat(duringOutage.getBatchItemFailures()).hasSize(1);
        } finally {
            server.startAgain();
        }
        assertThat(failures.findByKeys(List.of("eu-west-1_Pool#outage-recorded"), Deadline.none(Clock.systemUTC())))
                .as("not written while the database was down").isEmpty();

        handler.handleRequest(events(poison), context());

        assertThat(failures.findBySub("outage-recorded", Deadline.none(Clock.systemUTC()))).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
            assertThat(f.detail()).startsWith("the database was unavailable or did not answer in time");
            assertThat(f.messageId()).isEqualTo("outage-recorded-1");
            assertThat(f.firstSeenAt()).isBetween(stopped, failedBy);
            assertThat(f.resolved()).isFalse();
        });
        assertThat(failures.findByKeys(List.of("message:outage-recorded-poison"), Deadline.none(Clock.systemUTC())))
                .singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE));
    }

    private static SQSEvent events(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    /** Stale pooled connections after a restart must not fail the redelivery. */
    private static void holdTwoIdleConnections() {
        try (var first = database.dataSource().getConnection(); var second = database.dataSource().getConnection()) {
            assertThat(first.isValid(1) && second.isValid(1)).isTrue();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static FakeLambdaContext context() {
        return new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30));
    }
}
