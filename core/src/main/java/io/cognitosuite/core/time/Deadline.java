package io.cognitosuite.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The moment by which some work must be over, read through an injectable {@link Clock}. Immutable; every way of
 * making one ({@link #at}, {@link #after}, {@link #within}, {@link #minus}) returns a new value.
 *
 * <p>A deadline is made once, where the time is decided (a trigger from its invocation and its budget, a consumer
 * from the function's timeout), and passed down; whoever waits asks {@link #left()}. So "how long may this take"
 * is never computed twice from different clocks, and a test moves one clock to move every deadline made from it.
 *
 * <p>{@link #none} is the deadline of a caller that has none (a local tool, a test without a Lambda context): it
 * never passes, and a port given it applies only its own configured timeouts. Equality is by the instant alone.
 */
public final class Deadline {
    private final Instant instant;
    private final Clock clock;

    private Deadline(Instant instant, Clock clock) {
        this.instant = instant;
        this.clock = clock;
    }

    /** The deadline at {@code instant}, as read by {@code clock}. */
    public static Deadline at(Instant instant, Clock clock) {
        return new Deadline(Objects.requireNonNull(instant, "instant"), Objects.requireNonNull(clock, "clock"));
    }

    /** {@code budget} from now. */
    public static Deadline after(Duration budget, Clock clock) {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(clock, "clock");
        return new Deadline(clock.instant().plus(budget), clock);
    }

    /** No deadline at all: never over; {@link #isBounded()} is {@code false}. */
    public static Deadline none(Clock clock) {
        return new Deadline(Instant.MAX, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The earlier of {@code budget} from now and {@code invocation}: the work gets its budget, but never more time
     * than the invocation has (pass the invocation's deadline less its reserve, e.g.
     * {@code within(functionDeadline.minus(Reserves.TRIGGER_ANSWER), budget)}). Read by the invocation's clock.
     */
    public static Deadline within(Deadline invocation, Duration budget) {
        Objects.requireNonNull(invocation, "invocation");
        Deadline byBudget = after(budget, invocation.clock);
        return byBudget.instant.isBefore(invocation.instant) ? byBudget : invocation;
    }

    /**
     * The most {@link #left()} ever returns, about 292 years ({@code Long.MAX_VALUE} nanoseconds): what is left of
     * {@link #none} (whose instant is {@link Instant#MAX}) would otherwise overflow {@code toMillis()} and
     * {@code toNanos()}.
     */
    public static final Duration MAX_LEFT = Duration.ofNanos(Long.MAX_VALUE);

    /** The time left: zero once the deadline has passed, never negative, at most {@link #MAX_LEFT}. */
    public Duration left() {
        Instant now = clock.instant();
        if (Duration.between(now, instant).compareTo(MAX_LEFT) > 0) {
            return MAX_LEFT;
        }
        Duration left = Duration.between(now, instant);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether no time is left. */
    public boolean isOver() {
        return !clock.instant().isBefore(instant);
    }

    /** Whether at least {@code time} is left. */
    public boolean hasLeft(Duration time) {
        return left().compareTo(time) >= 0;
    }

    /**
     * The deadline {@code reserve} earlier, for work that must leave time for what follows it (writing the outcome,
     * answering). {@link #none} stays none.
     */
    public Deadline minus(Duration reserve) {
        Objects.requireNonNull(reserve, "reserve");
        if (reserve.isNegative()) {
            throw new IllegalArgumentException("reserve must not be negative but is " + reserve);
        }
        return isBounded() ? new Deadline(instant.minus(reserve), clock) : this;
    }

    /** Whether this is a real deadline, not {@link #none}. */
    public boolean isBounded() {
        return !instant.equals(Instant.MAX);
    }

    /** The moment itself ({@link Instant#MAX} for {@link #none}), for logs, APIs that take one, and tests. */
    public Instant instant() {
        return instant;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Deadline other && instant.equals(other.instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }

    @Override
    public String toString() {
        return isBounded() ? "Deadline[" + instant + "]" : "Deadline[none]";
    }
}
