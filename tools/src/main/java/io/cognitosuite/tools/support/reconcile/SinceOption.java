package io.cognitosuite.tools.support.reconcile;

import io.cognitosuite.tools.support.CliDuration;
import io.cognitosuite.tools.support.UsageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}: a date ({@code 2026-11-24}, midnight UTC), an instant ({@code 2026-11-24T10:00:00Z}, or with an
 * offset), or a duration back from now ({@code 7d}, {@code 12h}, {@code 30m}, or ISO {@code P7D}, {@code PT12H}).
 */
final class SinceOption {
    private static final String HINT = "e.g. --since 7d, --since 2026-11-24 or --since 2026-11-24T10:00:00Z";

    private SinceOption() {
    }

    /** The instant, {@code null} when {@code value} is {@code null}. */
    static Instant parse(String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        Instant since = parseOrNull(text, clock);
        if (since == null) {
            throw new UsageException("--since must be a date, an instant or a duration", HINT);
        }
        if (since.isAfter(clock.instant())) {
            throw new UsageException("--since is in the future: no user would be compared", HINT);
        }
        return since;
    }

    private static Instant parseOrNull(String text, Clock clock) {
        java.util.Optional<Duration> back = CliDuration.parse(text); // 7d, 12h, 30m, P2D: that long back from now
        if (back.isPresent()) {
            try {
                return clock.instant().minus(back.get());
            } catch (java.time.DateTimeException | ArithmeticException e) {
                return null;
            }
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
