package io.cognitosuite.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cognitosuite.core.time.Deadline;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

class DeadlineRetryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final DeadlineRetry retry = DeadlineRetry.builder("test").maxAttempts(4).firstBackoff(Duration.ofMillis(1))
            .minimumAttempt(Duration.ofMillis(50)).attemptTimeout(Duration.ofMillis(700)).build();

    @Test
    void call_triesATransientFailureAgain_untilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        String answer = retry.call(Deadline.at(T0.plusSeconds(2), clock), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw SdkClientException.create("connection refused", new IOException("no answer"));
            }
            return "sent";
        });

        assertThat(answer).isEqualTo("sent");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void call_triesATransientFailureAgain_withoutOverflow_whenTheDeadlineIsNone() {
        AtomicInteger attempts = new AtomicInteger();

        String answer = retry.call(Deadline.none(clock), () -> {
            if (attempts.incrementAndGet() < 2) {
                throw SdkClientException.create("connection refused", new IOException("no answer"));
            }
            return "sent";
        });

        assertThat(answer).isEqualTo("sent");
        assertThat(attempts).hasValue(2);
        assertThat(retry.callTimeout(Deadline.none(clock))).hasValue(Duration.ofMillis(700));
    }

    @Test
    void call_doesNotTryAPermanentFailureAgain() {
        AtomicInteger attempts = new AtomicInteger();
        SqsException denied = service(403, "AccessDenied");

        Throwable thrown = catchThrowable(() -> retry.call(Deadline.at(T0.plusSeconds(2), clock), () -> {
            attempts.incrementAndGet();
            throw denied;
        }));

        assertThat(thrown).isSameAs(denied);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void call_stopsBeforeTheDeadline_whenTooLittleIsLeftForAnotherAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        Deadline deadline = Deadline.at(T0.plusSeconds(2), clock);
        SdkClientException timeout = SdkClientException.create("read timed out", new IOException("no answer"));

        Throwable thrown = catchThrowable(() -> retry.call(deadline, () -> {
            attempts.incrementAndGet();
            // Less than two minimum attempts (2 x 50 ms) left: another attempt could not succeed in time.
            clock.moveTo(T0.plusSeconds(2).minusMillis(99));
            throw timeout;
        }));

        assertThat(thrown).isSameAs(timeout);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void call_makesAtMostMaxAttempts_andThrowsTheLastFailure() {
        List<SdkClientException> failures = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> retry.call(Deadline.at(T0.plusSeconds(2), clock), () -> {
            SdkClientException failure = SdkClientException.create("attempt " + (failures.size() + 1), new IOException("no answer"));
            failures.add(failure);
            throw failure;
        }));

        assertThat(failures).hasSize(4);
        assertThat(thrown).isSameAs(failures.get(3));
    }

    @Test
    void call_cutsTheWaitBeforeAnotherAttempt_soThatItEndsBeforeTheDeadline() {
        // A real clock: Resilience4j really waits. The backoff (5 s) is far longer than the budget (1 s).
        Clock system = Clock.systemUTC();
        DeadlineRetry patient = DeadlineRetry.builder("patient").maxAttempts(2).firstBackoff(Duration.ofSeconds(5))
                .minimumAttempt(Duration.ofMillis(200)).attemptTimeout(Duration.ofMillis(700)).build();
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), system);
        List<Duration> leftAtEachAttempt = new ArrayList<>();

        patient.call(deadline, () -> {
            leftAtEachAttempt.add(deadline.left());
            if (leftAtEachAttempt.size() == 1) {
                throw SdkClientException.create("connection reset", new IOException("no answer"));
            }
            return "sent";
        });

        assertThat(leftAtEachAttempt).hasSize(2);
        // The wait was cut to leave about one minimum attempt (200 ms); the slack is for a loaded machine.
        assertThat(leftAtEachAttempt.get(1)).isPositive().isLessThanOrEqualTo(Duration.ofMillis(400));
        assertThat(deadline.isOver()).isFalse();
    }

    @Test
    void callTimeout_isTheTimeLeft_atMostTheAttemptTimeout_andNoneBelowTheMinimumAttempt() {
        Deadline deadline = Deadline.at(T0.plusSeconds(2), clock);

        assertThat(retry.callTimeout(deadline)).contains(Duration.ofMillis(700));
        clock.moveTo(T0.plusMillis(1700));
        assertThat(retry.callTimeout(deadline)).contains(Duration.ofMillis(300));
        clock.moveTo(T0.plusMillis(1951));
        assertThat(retry.callTimeout(deadline)).isEmpty();
    }

    @Test
    void builder_refusesBadValues_namingThem() {
        assertThatThrownBy(() -> DeadlineRetry.builder("x").maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be at least 1 but is 0");
        assertThatThrownBy(() -> DeadlineRetry.builder("x").attemptTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attemptTimeout must be positive but is 0 ms");
        assertThatThrownBy(() -> DeadlineRetry.builder("x").firstBackoff(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstBackoff");
        assertThatThrownBy(() -> DeadlineRetry.builder("x").minimumAttempt(Duration.ofSeconds(2))
                .attemptTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumAttempt (2000 ms)");
    }

    private static SqsException service(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
