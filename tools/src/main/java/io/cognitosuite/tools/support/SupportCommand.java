package io.cognitosuite.tools.support;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * The base of every support command: the common options, and a {@link SupportSession} opened for the run and closed
 * after it. Commands are built by the CLI's factory with the {@link CliRuntime}.
 */
public abstract class SupportCommand implements Callable<Integer> {
    /** Everything went as asked. */
    public static final int OK = 0;
    /** The command ran and something failed (a message not moved, a user not provisioned, a server unreachable). */
    public static final int FAILED = 1;
    /** The command could not run as called. */
    public static final int USAGE = 2;

    @Mixin
    public SupportOptions options = new SupportOptions();

    protected final CliRuntime runtime;

    protected SupportCommand(CliRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public final Integer call() throws Exception {
        try (SupportSession session = new SupportSession(runtime, options)) {
            return run(session);
        }
    }

    /** Runs the command; returns its exit code. Throws for failures the CLI reports as one line (exit 1 or 2). */
    protected abstract int run(SupportSession session) throws Exception;
}
