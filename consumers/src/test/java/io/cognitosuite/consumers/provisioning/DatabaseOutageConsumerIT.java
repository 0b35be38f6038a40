package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.FakeLambdaContext;
import java.time.Duration;
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
