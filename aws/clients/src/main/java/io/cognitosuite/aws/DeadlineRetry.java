package io.cognitosuite.aws;

import io.cognitosuite.core.time.Deadline;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The suite's one retry of an AWS call, bounded by the caller's {@link Deadline} (Resilience4j underneath). Built
 * once per adapter, immutable, used for every call the adapter makes:
 *
 * <ul>
 *   <li>at most {@code maxAttempts} attempts, with jittered exponential backoff (first wait {@code firstBackoff},
 *       then doubling, each randomised by half) between them;</li>
 *   <li>only failures {@code retryOn} accepts are tried again (by default {@link AwsFailures#isTransient}), and only
 *       while more than two {@code minimumAttempt}s are left: another attempt must still have time to succeed;</li>
 *   <li>the wait before an attempt is cut so that at least {@code minimumAttempt} is left after it: waiting never
 *       runs past the deadline;</li>
 *   <li>each call inside an attempt asks {@link #callTimeout} for its timeout: the time left, at most
 *       {@code attemptTimeout} (so one stalled connection cannot use the whole budget), and none at all when less
 *       than {@code minimumAttempt} is left.</li>
 * </ul>
 *
 * When no attempt succeeds, the last attempt's exception is thrown as it is; the adapter decides what it means.
 *
 * <p>"Configured once per adapter" means these settings (and the backoff function): they are built once. Each call
 * still builds a small {@link RetryConfig} from them and a {@link Retry}, because Resilience4j gives the wait and
 * the retry predicate no per-call context: both are read from the config, and here both depend on the call's
 * deadline. That costs two small objects per call, no thread and no registry entry.
 */
public final class DeadlineRetry {
    private final String name;
    private final IntervalFunction backoff;
    private final Duration minimumAttempt;
    private final Duration attemptTimeout;
    private final Predicate<Throwable> retryOn;
    /** What does not depend on the deadline, built once; each call adds the deadline's wait and retry rule. */
    private final RetryConfig settings;

    private DeadlineRetry(Builder b) {
        this.name = b.name;
        this.settings = RetryConfig.custom().maxAttempts(b.maxAttempts).build();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(b.firstBackoff.toMillis(), 2.0, 0.5);
        this.minimumAttempt = b.minimumAttempt;
        this.attemptTimeout = b.attemptTimeout;
        this.retryOn = b.retryOn;
    }

    /** A retry named {@code name} (for Resilience4j's events); every setting has a default but the timings. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Runs {@code attempt} until it returns, throws a failure that is not retried, runs out of attempts, or the
     * deadline is near. The attempt calls {@link #callTimeout} for each call it makes.
     */
    public <T> T call(Deadline deadline, Supplier<T> attempt) {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(attempt, "attempt");
        Duration retryFloor = minimumAttempt.multipliedBy(2);
        Retry retry = Retry.of(name, RetryConfig.<T>from(settings)
                .intervalBiFunction((attemptNumber, outcome) -> Math.max(0L, Math.min(backoff.apply(attemptNumber),
                        deadline.left().minus(minimumAttempt).toMillis())))
                .retryOnException(e -> retryOn.test(e) && deadline.left().compareTo(retryFloor) > 0)
                .build());
        return Retry.decorateSupplier(retry, attempt).get();
    }

    /**
     * The timeout of one call: the time left, at most {@code attemptTimeout}; empty when less than
     * {@code minimumAttempt} is left, so the call is not worth starting.
     */
    public Optional<Duration> callTimeout(Deadline deadline) {
        Duration left = deadline.left();
        if (left.compareTo(minimumAttempt) < 0) {
            return Optional.empty();
        }
        return Optional.of(left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout);
    }

    /** Builds a {@link DeadlineRetry}; a bad value is refused when it is set, naming it. */
    public static final class Builder {
        private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);
        private final String name;
        private int maxAttempts = 3;
        private Duration firstBackoff = Duration.ofMillis(50);
        private Duration minimumAttempt = Duration.ofMillis(50);
        private Duration attemptTimeout = Duration.ofSeconds(1);
        private Predicate<Throwable> retryOn = AwsFailures::isTransient;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Attempts in all, the first included (at least 1). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but is " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the second attempt; later waits double. Under 1 ms counts as 1 ms (Resilience4j's least). */
        public Builder firstBackoff(Duration firstBackoff) {
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            if (firstBackoff.isNegative()) {
                throw new IllegalArgumentException("firstBackoff must not be negative but is " + firstBackoff.toMillis() + " ms");
            }
            this.firstBackoff = firstBackoff.compareTo(ONE_MILLISECOND) < 0 ? ONE_MILLISECOND : firstBackoff;
            return this;
        }

        /** Below this much time left a call is not worth starting. */
        public Builder minimumAttempt(Duration minimumAttempt) {
            this.minimumAttempt = positive("minimumAttempt", minimumAttempt);
            return this;
        }

        /** One call never takes more than this. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = positive("attemptTimeout", attemptTimeout);
            return this;
        }

        /** Which failures are tried again (before the deadline checks); {@link AwsFailures#isTransient} unless set. */
        public Builder retryOn(Predicate<Throwable> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        public DeadlineRetry build() {
            if (minimumAttempt.compareTo(attemptTimeout) > 0) {
                throw new IllegalArgumentException("minimumAttempt (" + minimumAttempt.toMillis()
                        + " ms) must not be longer than attemptTimeout (" + attemptTimeout.toMillis() + " ms)");
            }
            return new DeadlineRetry(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive but is " + value.toMillis() + " ms");
            }
            return value;
        }
    }
}
