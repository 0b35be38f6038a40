package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                return s.executeUpdate("TRUNCATE provisioning_failures");
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
