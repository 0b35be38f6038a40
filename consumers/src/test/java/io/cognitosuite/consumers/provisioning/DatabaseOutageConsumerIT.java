package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.common.config.DatabaseSettings;
import io.cognitosuite.common.db.Database;
import io.cognitosuite.common.db.Migrations;
import io.cognitosuite.common.jdbc.JdbcAppUsers;
import io.cognitosuite.common.testing.RecordingMetrics;
import io.cognitosuite.testkit.DatabaseCoordinates;
import io.cognitosuite.testkit.EmbeddedPostgresServer;
import io.cognitosuite.testkit.FakeLambdaContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer while PostgreSQL is really stopped (pg_ctl stop), and after it is back. */
class DatabaseOutageConsumerIT {
    private static EmbeddedPostgresServer server;
    private static Database database;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgresServer.start();
        DatabaseCoordinates db = server.postgresDatabase();
        database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()));
        Migrations.apply(database.dataSource());
    }

    @AfterAll
    static void stop() {
        database.close();
        server.close();
    }

    @Test
    void databaseStopped_failsEveryItem_thenRedeliverySucceedsOnceItIsBack() {
        RecordingMetrics metrics = new RecordingMetrics();
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                new ProvisioningService(new JdbcAppUsers(database), metrics)));
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
        assertThat(count("SELECT count(*) FROM app_users")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM workspaces")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM outbox_events")).isEqualTo(3);
    }

    /** Stale pooled connections after a restart must not fail the redelivery. */
    private static void holdTwoIdleConnections() {
        try (var first = database.dataSource().getConnection(); var second = database.dataSource().getConnection()) {
            assertThat(first.isValid(1) && second.isValid(1)).isTrue();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(String sql) {
        return database.withConnection(c -> {
            try (var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static FakeLambdaContext context() {
        return new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30));
    }
}
