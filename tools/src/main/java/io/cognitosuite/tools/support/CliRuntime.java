package io.cognitosuite.tools.support;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command gets from the process: its environment, its two output streams and a clock. Tests run the CLI
 * with their own ({@code CognitoSuiteCli.execute(CliRuntime, String...)}), so that no test sets environment variables
 * or replaces {@code System.out}.
 */
public record CliRuntime(Map<String, String> environment, PrintStream out, PrintStream err, Clock clock) {
    public CliRuntime {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
    }

    /** The process's own environment, streams and the system clock. */
    public static CliRuntime system() {
        return new CliRuntime(System.getenv(), System.out, System.err, Clock.systemUTC());
    }
}
