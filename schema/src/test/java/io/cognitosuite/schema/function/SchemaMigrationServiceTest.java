package io.cognitosuite.schema.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.schema.function.CustomResourceResponse.Status;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchemaMigrationServiceTest {
    private static final URI URL = URI.create("https://example.invalid/response?X-Amz-Signature=abc");

    private static CustomResourceRequest request(String type, String physicalId) {
        return new CustomResourceRequest(type, URL, "stack", "req-1", "SchemaMigration", physicalId);
    }

    @Test
    void create_migrates_andAnswersSuccessWithTheCountAndAStablePhysicalId() {
        SchemaMigrationService service = new SchemaMigrationService(() -> 3, Duration.ofSeconds(1));

        CustomResourceResponse response = service.handle(request("Create", null), Duration.ofSeconds(10), "stream");

        assertThat(response.status()).isEqualTo(Status.SUCCESS);
        assertThat(response.physicalResourceId()).isEqualTo(SchemaMigrationService.PHYSICAL_RESOURCE_ID);
        assertThat(response.data()).containsEntry("MigrationsExecuted", "3");
        assertThat(response.requestId()).isEqualTo("req-1");
        assertThat(response.stackId()).isEqualTo("stack");
        assertThat(response.logicalResourceId()).isEqualTo("SchemaMigration");
    }

    @Test
    void update_migrates_andKeepsThePhysicalIdItWasGiven() {
        AtomicInteger runs = new AtomicInteger();
        SchemaMigrationService service = new SchemaMigrationService(() -> {
            runs.incrementAndGet();
            return 0;
        }, Duration.ofSeconds(1));

        CustomResourceResponse response = service.handle(request("Update", "existing-id"), Duration.ofSeconds(10), "s");

        assertThat(runs).hasValue(1);
        assertThat(response.status()).isEqualTo(Status.SUCCESS);
        assertThat(response.physicalResourceId()).isEqualTo("existing-id");
        assertThat(response.data()).containsEntry("MigrationsExecuted", "0");
    }

    @Test
    void delete_neverTouchesTheSchema_andSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        SchemaMigrationService service = new SchemaMigrationService(() -> runs.incrementAndGet(), Duration.ofSeconds(1));

        CustomResourceResponse response = service.handle(request("Delete", "existing-id"), Duration.ofSeconds(10), "s");

        assertThat(runs).hasValue(0);
        assertThat(response.status()).isEqualTo(Status.SUCCESS);
        assertThat(response.physicalResourceId()).isEqualTo("existing-id");
    }

    @Test
    void unknownOrMissingRequestType_isAnsweredFailed_withoutMigrating() {
        AtomicInteger runs = new AtomicInteger();
        SchemaMigrationService service = new SchemaMigrationService(() -> runs.incrementAndGet(), Duration.ofSeconds(1));

        for (String type : new String[] {"Destroy", null}) {
            CustomResourceResponse response = service.handle(request(type, null), Duration.ofSeconds(10), "s");
            assertThat(response.status()).isEqualTo(Status.FAILED);
            assertThat(response.reason()).contains("Unsupported RequestType");
        }
        assertThat(runs).hasValue(0);
    }

    @Test
    void failure_isAnsweredWithTheTypeAndSqlStateOnly_neverTheMessage() {
        String secret = "hunter2-password";
        SchemaMigrationService service = new SchemaMigrationService(() -> {
            throw new IllegalStateException("could not connect to jdbc:postgresql://db/app?password=" + secret,
                    new SQLException("FATAL: password authentication failed; password " + secret, "28P01"));
        }, Duration.ofSeconds(1));

        CustomResourceResponse response = service.handle(request("Create", null), Duration.ofSeconds(10), "2026/11/26/[$LATEST]abc");

        assertThat(response.status()).isEqualTo(Status.FAILED);
        assertThat(response.reason())
                .isEqualTo("Schema migration failed (IllegalStateException, SQL state 28P01). Details in CloudWatch Logs,"
                        + " log stream 2026/11/26/[$LATEST]abc.")
                .doesNotContain(secret)
                .doesNotContain("jdbc:");
        assertThat(response.physicalResourceId()).isEqualTo(SchemaMigrationService.PHYSICAL_RESOURCE_ID);
    }

    @Test
    void configurationProblem_isAnsweredFailed_namingTheVariable() {
        SchemaMigrationService service = new SchemaMigrationService(() -> {
            throw new ConfigurationException(List.of("DATABASE_URL is required but not set"));
        }, Duration.ofSeconds(1));

        CustomResourceResponse response = service.handle(request("Update", "id"), Duration.ofSeconds(10), "s");

        assertThat(response.status()).isEqualTo(Status.FAILED);
        assertThat(response.reason()).isEqualTo(
                "Schema migration not started: Invalid configuration: DATABASE_URL is required but not set");
    }

    @Test
    void migrationStillRunningWhenTheBudgetEnds_isAborted_andAnsweredFailedInTime() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        Migrator hanging = new Migrator() {
            @Override
            public int migrate() {
                try {
                    aborted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("connection closed");
            }

            @Override
            public void abort() {
                aborted.countDown();
            }
        };
        SchemaMigrationService service = new SchemaMigrationService(hanging, Duration.ofMillis(500));

        long start = System.nanoTime();
        CustomResourceResponse response = service.handle(request("Create", null), Duration.ofMillis(800), "s");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.status()).isEqualTo(Status.FAILED);
        assertThat(response.reason()).contains("did not finish").contains("aborted");
        assertThat(aborted.getCount()).isZero();
        assertThat(tookMillis).isLessThan(800);
    }

    @Test
    void noTimeLeftAfterTheReserve_failsWithoutStarting() {
        AtomicInteger runs = new AtomicInteger();
        SchemaMigrationService service = new SchemaMigrationService(() -> runs.incrementAndGet(), Duration.ofSeconds(30));

        CustomResourceResponse response = service.handle(request("Create", null), Duration.ofSeconds(20), "s");

        assertThat(response.status()).isEqualTo(Status.FAILED);
        assertThat(response.reason()).contains("no time left");
        assertThat(runs).hasValue(0);
    }

    @Test
    void longReason_isCutToFitCloudFormationsLimit() {
        CustomResourceResponse response = new CustomResourceResponse(Status.FAILED, "x".repeat(5000), "id", "s", "r",
                "l", java.util.Map.of());

        assertThat(response.reason()).hasSize(CustomResourceResponse.MAX_REASON_LENGTH);
        assertThat(response.toJson().length()).isLessThan(4096);
    }
}
