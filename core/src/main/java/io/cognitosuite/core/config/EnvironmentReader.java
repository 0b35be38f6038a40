package io.cognitosuite.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads variables from an environment map and collects every problem, so that one start-up failure
 * names all bad or missing variables at once. Values of secret variables are never echoed.
 *
 * <p>A variable is unset when its name is absent, its value blank, or its value {@code null}. The process environment
 * ({@code System.getenv()}) never holds a null value; a map built by hand (the local stack, the benchmarks, tests) may,
 * e.g. for a password left unset, and reads the same as one without the name rather than failing.
 */
public final class EnvironmentReader {
    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    public EnvironmentReader(Map<String, String> environment) {
        this.environment = withoutUnset(Objects.requireNonNull(environment, "environment"));
    }

    /** A copy without null names or values: Map.copyOf would refuse them, and both mean "not set". */
    private static Map<String, String> withoutUnset(Map<String, String> environment) {
        Map<String, String> set = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name != null && value != null) {
                set.put(name, value);
            }
        });
        return Map.copyOf(set);
    }

    /** A value that must be present and not blank. Returns {@code ""} when missing (and records it). */
    public String required(String name) {
        String value = raw(name);
        if (value == null) {
            problems.add(name + " is required but not set");
            return "";
        }
        return value;
    }

    /** A value that may be absent; {@code defaultValue} is used then. */
    public String optional(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    /** A secret: like {@link #optional} but its value never appears in a message. */
    public String secret(String name, String defaultValue) {
        return optional(name, defaultValue);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problems.add(name + " must be between " + min + " and " + max + " but is " + parsed);
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number but is '" + value + "'");
            return defaultValue;
        }
    }

    /** A duration given in milliseconds. */
    public Duration millis(String name, long defaultMillis, long minMillis, long maxMillis) {
        String value = raw(name);
        if (value == null) {
            return Duration.ofMillis(defaultMillis);
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < minMillis || parsed > maxMillis) {
                problems.add(name + " must be between " + minMillis + " and " + maxMillis + " milliseconds but is " + parsed);
                return Duration.ofMillis(defaultMillis);
            }
            return Duration.ofMillis(parsed);
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number of milliseconds but is '" + value + "'");
            return Duration.ofMillis(defaultMillis);
        }
    }

    /** One of a fixed set of lower-case words. */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E candidate : type.getEnumConstants()) {
            allowed.add(candidate.name().toLowerCase(Locale.ROOT));
        }
        problems.add(name + " must be one of " + allowed + " but is '" + value + "'");
        return defaultValue;
    }

    /** Records a problem found by a cross-field check. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws {@link ConfigurationException} naming every problem recorded so far. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    private String raw(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }
}
