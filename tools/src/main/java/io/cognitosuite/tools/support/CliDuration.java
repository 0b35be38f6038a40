package io.cognitosuite.tools.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as the CLI's options take it: {@code 90s}, {@code 30m}, {@code 2h}, {@code 3d} (any case), or ISO-8601
 * ({@code PT2H}, {@code P1D}). Each option checks its own range and says what it expects; this only reads the text.
 */
public final class CliDuration {
    private static final Pattern SHORT_FORM = Pattern.compile("([0-9]{1,9})([smhd])");

    private CliDuration() {
    }

    /** The duration {@code text} names, or empty when it names none (the caller reports it, never echoing it). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher shortForm = SHORT_FORM.matcher(t);
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            return Optional.of(switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
