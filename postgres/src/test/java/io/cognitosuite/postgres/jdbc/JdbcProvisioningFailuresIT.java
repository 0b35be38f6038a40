package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcProvisioningFailuresIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

    private static MigratedDatabase db;
    private static JdbcProvisioningFailures failures;

    @BeforeAll
    static void startDatabase() {
        db = MigratedDatabase.create("provisioning_failures");
        failures = new JdbcProvisioningFailures(db.database());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyTable() {
        db.database().withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("TRUNCATE provisioning_failures, app_users CASCADE");
            }
        });
    }

    @Test
    void record_insertsANewFailure_underItsKey() {
        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0)), deadline());

        assertThat(failures.findByKeys(List.of(key("sub-a")), deadline())).singleElement().satisfies(f -> {
            assertThat(f.failureKey()).isEqualTo(key("sub-a"));
            assertThat(f.idempotencyKey()).isEqualTo(key("sub-a"));
            assertThat(f.cognitoSub()).isEqualTo("sub-a");
            assertThat(f.messageId()).isEqualTo("m-1");
            assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
            assertThat(f.detail()).isEqualTo("the database did not answer in time");
            assertThat(f.receiveCount()).isEqualTo(1);
            assertThat(f.failures()).isEqualTo(1);
            assertThat(f.firstSeenAt()).isEqualTo(T0);
            assertThat(f.lastSeenAt()).isEqualTo(T0);
            assertThat(f.resolved()).isFalse();
        });
    }

    @Test
    void record_ofAKnownKey_countsTheFailure_movesLastSeen_takesTheNewReason_andUnresolvesIt() {
        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0)), deadline());
        failures.resolve(List.of(key("sub-a")), T0.plusSeconds(5), deadline());

        Instant later = T0.plusSeconds(60);
        failures.record(List.of(ProvisioningFailure.seen(key("sub-a"), "sub-a", "m-2", FailureReason.DATABASE_REJECTED,
                "the database refused the row: SQL state 23514, constraint app_users_username_check", 3, later)),
                deadline());

        assertThat(failures.findByKeys(List.of(key("sub-a")), deadline())).singleElement().satisfies(f -> {
            assertThat(f.failures()).isEqualTo(2);
            assertThat(f.firstSeenAt()).isEqualTo(T0);
            assertThat(f.lastSeenAt()).isEqualTo(later);
            assertThat(f.messageId()).isEqualTo("m-2");
            assertThat(f.receiveCount()).isEqualTo(3);
            assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_REJECTED);
            assertThat(f.detail()).contains("23514");
            assertThat(f.resolved()).isFalse();
        });
    }

    @Test
    void record_ofAFailureSeenBeforeTheKeyWasResolved_doesNotReopenIt() {
        // A failure kept in a consumer's pending list while the database was down, written after another delivery
        // of the same user succeeded.
        failures.record(List.of(unavailable("sub-a", "m-2", 2, T0.plusSeconds(10))), deadline());
        failures.resolve(List.of(key("sub-a")), T0.plusSeconds(20), deadline());

        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0)), deadline());

        assertThat(failures.findByKeys(List.of(key("sub-a")), deadline())).singleElement().satisfies(f -> {
            assertThat(f.resolvedAt()).isEqualTo(T0.plusSeconds(20));
            assertThat(f.failures()).isEqualTo(2);
            assertThat(f.firstSeenAt()).isEqualTo(T0);
            assertThat(f.lastSeenAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(f.messageId()).as("the newer failure's message").isEqualTo("m-2");
        });
    }

    @Test
    void record_ofAFailureWrittenLate_afterAnotherDeliveryProvisionedTheUserAndResolvedNothing_isRecordedResolved() {
        // A consumer kept the failure pending while the database was down; another consumer then provisioned the user
        // and resolved its key while no row existed yet; the pending failure is written after that.
        Instant failedAt = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MICROS);
        Instant provisionedAt = provision("sub-late");
        assertThat(failures.resolve(List.of(key("sub-late")), Instant.now(), deadline())).as("no row to resolve yet").isZero();

        failures.record(List.of(unavailable("sub-late", "m-1", 1, failedAt)), deadline());

        assertThat(failures.findByKeys(List.of(key("sub-late")), deadline())).singleElement().satisfies(f -> {
            assertThat(f.resolvedAt()).as("resolved when the user was provisioned").isEqualTo(provisionedAt);
            assertThat(f.failures()).isEqualTo(1);
            assertThat(f.lastSeenAt()).isEqualTo(failedAt);
            assertThat(f.reason()).isEqualTo(FailureReason.DATABASE_UNAVAILABLE);
        });
    }

    @Test
    void record_ofAKnownKeyWhoseUserIsProvisioned_countsTheFailure_butDoesNotReopenIt() {
        failures.record(List.of(unavailable("sub-known", "m-1", 1, T0)), deadline());
        failures.resolve(List.of(key("sub-known")), T0.plusSeconds(5), deadline());
        Instant provisionedAt = provision("sub-known");

        Instant later = provisionedAt.plusSeconds(60);
        failures.record(List.of(unavailable("sub-known", "m-2", 2, later)), deadline());

        assertThat(failures.findByKeys(List.of(key("sub-known")), deadline())).singleElement().satisfies(f -> {
            assertThat(f.failures()).isEqualTo(2);
            assertThat(f.messageId()).isEqualTo("m-2");
            assertThat(f.lastSeenAt()).isEqualTo(later);
            assertThat(f.resolvedAt()).as("a copy of a provisioned user failed: resolved as it was seen").isEqualTo(later);
        });
    }

    @Test
    void record_whoseStatementStartedBeforeAProvisioningCommitted_andEndedAfterItsResolutionRan_endsResolved()
            throws Exception {
        // The interleaving no single statement can rule out under READ COMMITTED: the record's snapshot is taken
        // before the user commits (so it cannot see the user), the provisioning's resolution runs before the record
        // commits (so it cannot see the row). Pinned here by a transaction holding an uncommitted row of the same key,
        // on which the record's insert waits after its snapshot is taken.
        String sub = "sub-racing";
        // A connection of its own: the pool's two serve the record and the test's provisioning.
        try (Connection holder = DriverManager.getConnection(db.coordinates().jdbcUrl(), db.coordinates().user(),
                db.coordinates().password())) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("INSERT INTO provisioning_failures (failure_key, message_id, reason_code, detail,"
                        + " receive_count, first_seen_at, last_seen_at) VALUES ('" + key(sub) + "', 'm-held',"
                        + " 'unexpected', 'held by the test', 1, now(), now())");
            }
            CompletableFuture<Void> record = CompletableFuture.runAsync(() -> failures.record(
                    List.of(unavailable(sub, "m-1", 1, Instant.now().minusSeconds(1))), deadline()));
            awaitAStatementWaitingOnALock("INSERT INTO provisioning_failures");

            provision(sub);
            assertThat(failures.resolve(List.of(key(sub)), Instant.now(), deadline()))
                    .as("the resolution cannot see the row being written").isZero();
            holder.rollback();
            record.get(5, TimeUnit.SECONDS);
        }

        assertThat(failures.findByKeys(List.of(key(sub)), deadline())).singleElement().satisfies(f -> {
            assertThat(f.messageId()).isEqualTo("m-1");
            assertThat(f.resolved()).as("resolved: its user is provisioned").isTrue();
        });
    }

    @Test
    void record_ofOneKeyTwiceInOneCall_writesOneRow_withBothFailures() {
        failures.record(List.of(unavailable("sub-a", "m-2", 2, T0.plusSeconds(30)), unavailable("sub-a", "m-1", 1, T0),
                invalid("m-9", T0)), deadline());

        assertThat(failures.findByKeys(List.of(key("sub-a"), "message:m-9"), deadline()))
                .extracting(ProvisioningFailure::failureKey, ProvisioningFailure::failures,
                        ProvisioningFailure::messageId, ProvisioningFailure::firstSeenAt)
                .containsExactlyInAnyOrder(
                        tuple(key("sub-a"), 2, "m-2", T0),
                        tuple("message:m-9", 1, "m-9", T0));
    }

    @Test
    void resolve_marksOnlyUnresolvedFailuresOfTheGivenKeys() {
        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0), unavailable("sub-b", "m-2", 1, T0)), deadline());

        int resolved = failures.resolve(List.of(key("sub-a"), key("sub-nobody")), T0.plusSeconds(5), deadline());
        int again = failures.resolve(List.of(key("sub-a")), T0.plusSeconds(9), deadline());

        assertThat(resolved).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(failures.findByKeys(List.of(key("sub-a"), key("sub-b")), deadline()))
                .extracting(ProvisioningFailure::failureKey, ProvisioningFailure::resolvedAt)
                .containsExactlyInAnyOrder(
                        tuple(key("sub-a"), T0.plusSeconds(5)),
                        tuple(key("sub-b"), null));
    }

    @Test
    void resolve_leavesAFailureSeenAfterTheSuccessUnresolved() {
        failures.record(List.of(unavailable("sub-a", "m-2", 2, T0.plusSeconds(10))), deadline());

        int resolved = failures.resolve(List.of(key("sub-a")), T0.plusSeconds(5), deadline());

        assertThat(resolved).isZero();
        assertThat(failures.findByKeys(List.of(key("sub-a")), deadline())).singleElement()
                .satisfies(f -> assertThat(f.resolved()).isFalse());
    }

    @Test
    void resolve_ofAFailureLastSeenAfterTheSuccess_resolvesItAtThatTime_whenTheUserIsPresent() {
        // Another consumer's clock ahead of this one's: the failure looks newer than the success that provisioned the
        // user. The user is present, so the failure is moot whatever the clocks say.
        failures.record(List.of(unavailable("sub-ahead", "m-2", 2, T0.plusSeconds(10))), deadline());
        provision("sub-ahead");

        int resolved = failures.resolve(List.of(key("sub-ahead")), T0.plusSeconds(5), deadline());

        assertThat(resolved).isEqualTo(1);
        assertThat(failures.findByKeys(List.of(key("sub-ahead")), deadline())).singleElement()
                .satisfies(f -> assertThat(f.resolvedAt()).isEqualTo(T0.plusSeconds(10)));
    }

    @Test
    void findByKeys_findsIdempotencyAndMessageKeys_andNothingForUnknownOnes() {
        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0), invalid("m-7", T0)), deadline());

        assertThat(failures.findByKeys(List.of("message:m-7", key("sub-a"), "message:m-unknown"), deadline()))
                .extracting(ProvisioningFailure::failureKey)
                .containsExactlyInAnyOrder("message:m-7", key("sub-a"));
        assertThat(failures.findByKeys(List.of("message:m-7"), deadline())).singleElement().satisfies(f -> {
            assertThat(f.idempotencyKey()).isNull();
            assertThat(f.cognitoSub()).isNull();
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_MESSAGE);
        });
        assertThat(failures.findByKeys(List.of(), deadline())).isEmpty();
    }

    @Test
    void findBySub_returnsTheSubsFailures_newestFirst() {
        String otherPool = "eu-west-1_Zz99Yy88X";
        failures.record(List.of(unavailable("sub-a", "m-1", 1, T0),
                ProvisioningFailure.seen(otherPool + "#sub-a", "sub-a", "m-2", FailureReason.OUT_OF_TIME,
                        "no time was left to try the message", 1, T0.plusSeconds(1)),
                unavailable("sub-b", "m-3", 1, T0.plusSeconds(2))), deadline());

        assertThat(failures.findBySub("sub-a", deadline()))
                .extracting(ProvisioningFailure::failureKey)
                .containsExactly(otherPool + "#sub-a", key("sub-a"));
        assertThat(failures.findBySub("sub-nobody", deadline())).isEmpty();
    }

    /** Inserts the user as the consumer does (its own transaction, committed); returns its {@code created_at}. */
    private static Instant provision(String sub) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_users (cognito_sub, user_pool_id, username)"
                    + " VALUES (?, ?, ?) RETURNING created_at")) {
                ps.setString(1, sub);
                ps.setString(2, POOL);
                ps.setString(3, "name-" + sub);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getTimestamp(1).toInstant();
                }
            }
        });
    }

    private static void awaitAStatementWaitingOnALock(String statementStart) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%"
                + statementStart + "%' AND pid <> pg_backend_pid()") == 0) {
            assertThat(System.nanoTime()).as("a statement waiting on a lock").isLessThan(giveUp);
            Thread.sleep(10);
        }
    }

    private static String key(String sub) {
        return POOL + "#" + sub;
    }

    private static ProvisioningFailure unavailable(String sub, String messageId, int receiveCount, Instant at) {
        return ProvisioningFailure.seen(key(sub), sub, messageId, FailureReason.DATABASE_UNAVAILABLE,
                "the database did not answer in time", receiveCount, at);
    }

    private static ProvisioningFailure invalid(String messageId, Instant at) {
        return ProvisioningFailure.seen(null, null, messageId, FailureReason.INVALID_MESSAGE, "the body is not JSON", 1,
                at);
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }
}
