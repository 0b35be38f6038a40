package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.port.ProvisioningFailures;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureRecorderTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Deadline FUNCTION = Deadline.after(Duration.ofSeconds(30), Clock.systemUTC());

    private final ScriptedStore store = new ScriptedStore();
    private final FailureRecorder recorder = new FailureRecorder(store, Clock.systemUTC());

    @Test
    void aBatchWithoutFailures_costsOneStatement_theResolution() {
        recorder.afterBatch(List.of(), List.of("pool_1#a", "pool_1#b"), false, FUNCTION);

        assertThat(store.calls).containsExactly("resolve [pool_1#a, pool_1#b]");
    }

    @Test
    void whileTheDatabaseIsUnavailable_nothingIsTried_andTheNextBatchWritesFailuresBeforeResolutions() {
        recorder.afterBatch(List.of(failure("a", T0)), List.of("pool_1#b"), true, FUNCTION);
        assertThat(store.calls).isEmpty();
        assertThat(recorder.pending()).isEqualTo(2);

        recorder.afterBatch(List.of(), List.of("pool_1#a"), false, FUNCTION);

        // One statement per moment of success: the outage batch's, then this one's.
        assertThat(store.calls).containsExactly("record [pool_1#a]", "resolve [pool_1#b]", "resolve [pool_1#a]");
        assertThat(store.recorded.get(0).lastSeenAt()).as("its original time").isEqualTo(T0);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void aFailedWrite_keepsFailuresAndResolutionsPending_forTheNextBatch() {
        store.failNext = new DatabaseUnavailableException("down", "08001", null);
        recorder.afterBatch(List.of(failure("a", T0)), List.of("pool_1#b"), false, FUNCTION);
        assertThat(store.calls).containsExactly("record [pool_1#a]");

        recorder.afterBatch(List.of(failure("a", T0.plusSeconds(60))), List.of(), false, FUNCTION);

        assertThat(store.calls).containsExactly("record [pool_1#a]", "record [pool_1#a]", "resolve [pool_1#b]");
        ProvisioningFailure merged = store.recorded.get(0);
        assertThat(merged.failures()).isEqualTo(2);
        assertThat(merged.firstSeenAt()).isEqualTo(T0);
        assertThat(merged.lastSeenAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aNewFailureOfAKey_cancelsItsPendingResolution() {
        recorder.afterBatch(List.of(), List.of("pool_1#a"), true, FUNCTION);

        recorder.afterBatch(List.of(failure("a", T0)), List.of(), false, FUNCTION);

        assertThat(store.calls).containsExactly("record [pool_1#a]");
    }

    @Test
    void thePendingList_holdsAtMostItsBound_droppingTheOldest() {
        List<ProvisioningFailure> many = IntStream.range(0, FailureRecorder.MAX_PENDING + 100)
                .mapToObj(i -> failure(String.format("%04d", i), T0.plusSeconds(i))).toList();

        recorder.afterBatch(many, List.of(), true, FUNCTION);
        assertThat(recorder.pending()).isEqualTo(FailureRecorder.MAX_PENDING);
        recorder.afterBatch(List.of(), List.of(), false, FUNCTION);

        assertThat(store.recorded).hasSize(FailureRecorder.MAX_PENDING);
        assertThat(store.recorded.get(0).cognitoSub()).isEqualTo("0100");
    }

    @Test
    void noTimeLeft_triesNothing_andKeepsThemPending() {
        Deadline almostOver = Deadline.after(Duration.ofMillis(1000), Clock.systemUTC());

        recorder.afterBatch(List.of(failure("a", T0)), List.of(), false, almostOver);

        assertThat(store.calls).isEmpty();
        assertThat(recorder.pending()).isEqualTo(1);
    }

    @Test
    void anythingTheStoreThrows_neverLeavesTheRecorder() {
        store.failNext = new IllegalStateException("a bug");

        assertThatCode(() -> recorder.afterBatch(List.of(failure("a", T0)), List.of(), false, FUNCTION))
                .doesNotThrowAnyException();
        assertThat(recorder.pending()).isEqualTo(1);
    }

    private static ProvisioningFailure failure(String sub, Instant at) {
        return ProvisioningFailure.seen("pool_1#" + sub, sub, "m-" + sub, FailureReason.DATABASE_UNAVAILABLE,
                "the database was unavailable or did not answer in time", 1, at);
    }

    /** Records the calls; fails the next one when told to. */
    private static final class ScriptedStore implements ProvisioningFailures {
        final List<String> calls = new ArrayList<>();
        final List<ProvisioningFailure> recorded = new ArrayList<>();
        RuntimeException failNext;

        @Override
        public void record(Collection<ProvisioningFailure> failures, Deadline deadline) {
            calls.add("record " + failures.stream().map(ProvisioningFailure::failureKey).toList());
            failIfTold();
            recorded.addAll(failures);
        }

        @Override
        public int resolve(Collection<String> idempotencyKeys, Instant at, Deadline deadline) {
            calls.add("resolve " + List.copyOf(idempotencyKeys));
            failIfTold();
            return idempotencyKeys.size();
        }

        private void failIfTold() {
            RuntimeException failure = failNext;
            failNext = null;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public List<ProvisioningFailure> findByKeys(Collection<String> failureKeys, Deadline deadline) {
            return List.of();
        }

        @Override
        public List<ProvisioningFailure> findBySub(String cognitoSub, Deadline deadline) {
            return List.of();
        }
    }
}
