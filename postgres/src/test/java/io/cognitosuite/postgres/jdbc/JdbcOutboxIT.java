package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.port.Outbox;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.postgres.testing.OutboxRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcOutboxIT {
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    private MigratedDatabase db;
    private JdbcOutbox outbox;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("outbox");
        outbox = new JdbcOutbox(db.database());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void claim_returnsUnpublishedEventsOldestFirst_upToTheLimit() {
        UUID newest = OutboxRows.insertUserCreated(db.database(), T0.plusSeconds(30));
        UUID oldest = OutboxRows.insertUserCreated(db.database(), T0);
        UUID middle = OutboxRows.insertUserCreated(db.database(), T0.plusSeconds(10));

        List<OutboxEvent> claimed = outbox.claim(2, deadline(), Outbox.ClaimedEvents::events);

        assertThat(claimed).extracting(OutboxEvent::id).containsExactly(oldest, middle);
        assertThat(claimed.get(0)).satisfies(e -> {
            assertThat(e.type()).isEqualTo("app_user.created");
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.aggregateType()).isEqualTo("app_user");
            assertThat(e.occurredAt()).isEqualTo(T0);
            assertThat(e.payload()).contains("\"version\": 1");
            assertThat(e.publishAttempts()).isZero();
        });
        assertThat(newest).isNotNull();
    }

    @Test
    void markPublished_setsPublishedAt_andThoseEventsAreNotClaimedAgain() {
        List<UUID> ids = OutboxRows.insertUserCreated(db.database(), 3, T0);

        outbox.claim(10, deadline(), claimed -> {
            claimed.markPublished(ids.subList(0, 2));
            return null;
        });

        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE publish_attempts > 0")).isZero();
        assertThat(outbox.claim(10, deadline(), Outbox.ClaimedEvents::events)).extracting(OutboxEvent::id)
                .containsExactly(ids.get(2));
    }

    @Test
    void recordFailures_countsTheAttempt_keepsTheReason_andARetryableEventIsClaimedAgain() {
        UUID id = OutboxRows.insertUserCreated(db.database(), T0);

        for (int i = 0; i < 2; i++) {
            outbox.claim(10, deadline(), claimed -> {
                claimed.recordFailures(Map.of(id, PublishFailure.retryable("ThrottlingException", "Rate exceeded")));
                return null;
            });
        }

        assertThat(db.count("SELECT publish_attempts FROM outbox_events")).isEqualTo(2);
        assertThat(lastError(id)).isEqualTo("ThrottlingException: Rate exceeded");
        assertThat(outbox.claim(10, deadline(), Outbox.ClaimedEvents::events)).singleElement()
                .satisfies(e -> assertThat(e.publishAttempts()).isEqualTo(2));
    }

    @Test
    void permanentFailure_isRecordedAndKept_butNeverClaimedAgain() {
        UUID tooLarge = OutboxRows.insertUserCreated(db.database(), T0);
        UUID next = OutboxRows.insertUserCreated(db.database(), T0.plusSeconds(1));

        outbox.claim(10, deadline(), claimed -> {
            claimed.recordFailures(Map.of(tooLarge, PublishFailure.permanent("EntryTooLarge", "the entry is 300000 bytes")));
            return null;
        });

        assertThat(lastError(tooLarge)).isEqualTo("permanent: EntryTooLarge: the entry is 300000 bytes");
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isEqualTo(2);
        assertThat(outbox.claim(10, deadline(), Outbox.ClaimedEvents::events)).extracting(OutboxEvent::id).containsExactly(next);
    }

    @Test
    void twoClaimsAtOnce_neverHoldTheSameEvent() throws Exception {
        List<UUID> ids = OutboxRows.insertUserCreated(db.database(), 6, T0);
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        try (Database other = Database.pooled(db.settings())) {
            CompletableFuture<List<OutboxEvent>> first = CompletableFuture.supplyAsync(() ->
                    outbox.claim(4, deadline(), claimed -> {
                        firstHolds.countDown();
                        await(secondDone);
                        return claimed.events();
                    }));
            assertThat(firstHolds.await(5, TimeUnit.SECONDS)).isTrue();

            List<OutboxEvent> second = new JdbcOutbox(other).claim(4, deadline(), Outbox.ClaimedEvents::events);
            secondDone.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).extracting(OutboxEvent::id).containsExactlyElementsOf(ids.subList(0, 4));
            assertThat(second).extracting(OutboxEvent::id).containsExactlyElementsOf(ids.subList(4, 6));
        }
    }

    @Test
    void workThatThrows_recordsNothing_andReleasesTheEvents() {
        UUID id = OutboxRows.insertUserCreated(db.database(), T0);

        assertThatThrownBy(() -> outbox.claim(10, deadline(), claimed -> {
            claimed.markPublished(List.of(id));
            throw new IllegalStateException("relay crashed");
        })).hasMessage("relay crashed");

        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isEqualTo(1);
        assertThat(outbox.claim(10, deadline(), Outbox.ClaimedEvents::events)).extracting(OutboxEvent::id).containsExactly(id);
    }

    @Test
    void claimedEvents_cannotBeMarkedAfterTheClaimHasEnded() {
        OutboxRows.insertUserCreated(db.database(), T0);
        Outbox.ClaimedEvents leaked = outbox.claim(10, deadline(), claimed -> claimed);

        assertThatThrownBy(() -> leaked.markPublished(List.of(UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * The events' {@code time}: when the row was written inside the transaction that made the change, not
     * when that transaction started (a batch transaction can run for seconds before its outbox rows), and never
     * after the commit. The writers leave {@code occurred_at} to its default.
     */
    @Test
    void occurredAt_isWhenTheRowWasWritten_notWhenItsTransactionStarted_andNoLaterThanItsCommit() {
        record Written(Instant transactionStart, UUID id, Instant occurredAt) {
        }
        Written written = db.database().inTransaction(c -> {
            Instant start;
            try (var rs = c.createStatement().executeQuery("SELECT now()")) {
                rs.next();
                start = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
            c.createStatement().execute("SELECT pg_sleep(0.3)"); // the change itself, taking its time
            try (var ps = c.prepareStatement("""
                    INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
                    VALUES ('app_user.created', 1, 'app_user', gen_random_uuid(), '{"version":1}')
                    RETURNING id, occurred_at""");
                 var rs = ps.executeQuery()) {
                rs.next();
                return new Written(start, rs.getObject(1, UUID.class), rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
            }
        });
        Instant afterCommit = db.database().withConnection(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        });

        assertThat(written.occurredAt()).isAfterOrEqualTo(written.transactionStart().plusMillis(300))
                .isBefore(afterCommit);
        List<OutboxEvent> claimed = outbox.claim(10, deadline(), Outbox.ClaimedEvents::events);
        assertThat(claimed).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(written.id());
            assertThat(e.occurredAt()).as("what the relay sends as the event's time").isEqualTo(written.occurredAt());
        });
    }

    @Test
    void lastError_isCutToABoundedLength() {
        String error = JdbcOutbox.lastError(PublishFailure.retryable("InternalFailure", "x".repeat(5000)));

        assertThat(error).hasSize(JdbcOutbox.MAX_ERROR_LENGTH).startsWith("InternalFailure: xxx");
    }

    /** Five seconds from now: far more than a claim takes here. */
    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }

    private String lastError(UUID id) {
        return db.database().withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT last_error FROM outbox_events WHERE id = ?")) {
                ps.setObject(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
