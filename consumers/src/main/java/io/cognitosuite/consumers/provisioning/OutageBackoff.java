package io.cognitosuite.consumers.provisioning;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a message that failed because the database was unavailable stays hidden before its next delivery:
 * {@code first × multiplier^(receive − 1)}, capped at {@code max}. Validated once, at construction.
 *
 * <p>SQS counts its 12-hour visibility limit from the receive, so {@code max} leaves room for the longest
 * function timeout (15 minutes) that may pass between the receive and the change.
 *
 * @param first      the delay after the first failed delivery
 * @param multiplier how much longer each next delay is
 * @param max        the longest delay
 */
public record OutageBackoff(Duration first, int multiplier, Duration max) {
    /** 12 hours less Lambda's longest timeout: the longest delay SQS accepts whenever in the function it is set. */
    public static final Duration LONGEST = Duration.ofHours(12).minusMinutes(15);
    public static final int MAX_MULTIPLIER = 10;
    /** 5 min, 20 min, 80 min, 5 h 20 min, then 6 h: see the README, "A database outage". */
    public static final OutageBackoff DEFAULT = new OutageBackoff(Duration.ofMinutes(5), 4, Duration.ofHours(6));

    public OutageBackoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.toSeconds() < 1 || first.compareTo(max) > 0) {
            throw new IllegalArgumentException("first delay must be at least 1 s and at most the longest delay but is "
                    + first.toSeconds() + " s");
        }
        if (max.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("longest delay must be at most " + LONGEST.toSeconds() + " s but is "
                    + max.toSeconds() + " s");
        }
        if (multiplier < 1 || multiplier > MAX_MULTIPLIER) {
            throw new IllegalArgumentException("multiplier must be between 1 and " + MAX_MULTIPLIER + " but is " + multiplier);
        }
    }

    /** The delay after the given failed delivery (1 for the first; anything lower counts as 1). */
    public Duration delayAfter(int receiveCount) {
        long seconds = first.toSeconds();
        for (int n = 1; n < receiveCount && seconds < max.toSeconds(); n++) {
            seconds *= multiplier;
        }
        return Duration.ofSeconds(Math.min(seconds, max.toSeconds()));
    }
}
