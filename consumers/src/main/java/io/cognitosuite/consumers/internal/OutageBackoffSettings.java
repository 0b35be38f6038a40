package io.cognitosuite.consumers.internal;

import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import java.time.Duration;
import java.util.Map;

/**
 * The provisioning consumer's backoff while the database is unavailable, read once from the environment.
 * {@code OUTAGE_BACKOFF_FIRST_SECONDS} (default 300), {@code OUTAGE_BACKOFF_MULTIPLIER} (default 4, 1–10) and
 * {@code OUTAGE_BACKOFF_MAX_SECONDS} (default 21600, at most 42300: SQS's 12 hours less Lambda's longest timeout).
 */
public final class OutageBackoffSettings {
    public static final String FIRST_SECONDS = "OUTAGE_BACKOFF_FIRST_SECONDS";
    public static final String MULTIPLIER = "OUTAGE_BACKOFF_MULTIPLIER";
    public static final String MAX_SECONDS = "OUTAGE_BACKOFF_MAX_SECONDS";

    private OutageBackoffSettings() {
    }

    public static OutageBackoff fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        int longest = (int) OutageBackoff.LONGEST.toSeconds();
        int first = env.integer(FIRST_SECONDS, (int) OutageBackoff.DEFAULT.first().toSeconds(), 1, longest);
        int multiplier = env.integer(MULTIPLIER, OutageBackoff.DEFAULT.multiplier(), 1, OutageBackoff.MAX_MULTIPLIER);
        int max = env.integer(MAX_SECONDS, (int) OutageBackoff.DEFAULT.max().toSeconds(), 1, longest);
        if (first > max) {
            env.problem(FIRST_SECONDS + " must be at most " + MAX_SECONDS + " (" + max + ") but is " + first);
        }
        env.throwIfInvalid();
        return new OutageBackoff(Duration.ofSeconds(first), multiplier, Duration.ofSeconds(max));
    }
}
