package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.testing.FakeLambdaContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer while every PostgreSQL process is stopped with SIGSTOP (a hung host), not mocked. */
class HungDatabaseConsumerIT {
    /**
     * As the template sets it for UserProvisioning: the socket timeout is then 6 s, longer than the 4 s the function
     * has left, so only the consumer's own deadline can answer in time (a 1 s statement timeout, 2 s socket timeout,
     * would end the hung read by itself and hide a missing deadline).
     */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(5000);

    private static StoppableDatabase fixture;

    @BeforeAll
    static void start() {
        fixture = StoppableDatabase.start(settings -> settings.withStatementTimeout(STATEMENT_TIMEOUT));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void databaseHung_answersWithEveryItemFailed_beforeTheFunctionTimesOut() throws Exception {
        ProvisioningHandler handler = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.neverPostponing(new JdbcAppUsers(fixture.database()), new RecordingMetrics())));
        SQSEvent batch = ProvisioningHandlerIT.event("user-confirmed-batch.json");
        // A pooled connection exists before the hang, as in a warm Lambda.
        assertThat(fixture.count("SELECT 1")).isEqualTo(1);
        Duration remaining = Duration.ofSeconds(4);
        fixture.server().freeze();
        try {
            long started = System.nanoTime();
            CompletableFuture<SQSBatchResponse> answer = CompletableFuture.supplyAsync(
                    () -> handler.handleRequest(batch, new FakeLambdaContext("UserProvisioning", remaining)));

            // Waits a little past the remaining time only so that a late answer fails here instead of hanging the build.
            SQSBatchResponse response = answer.get(remaining.plusSeconds(4).toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("answered before the function's remaining time ran out").isLessThan(remaining);
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactlyInAnyOrderElementsOf(batch.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList());
        } finally {
            fixture.server().thaw();
        }
    }
}
