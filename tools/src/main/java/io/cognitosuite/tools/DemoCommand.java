package io.cognitosuite.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cognito-suite demo}: the README's main command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded stack, replay a scripted sign-up-to-refresh scenario and report each step. "
                + "Exits non-zero if any step does not do what it should.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--support", description = "Replay the support desk's story instead: a poison message and a "
            + "database outage end in the dead-letter queue, and support runs dlq peek, dlq redrive and users show.")
    boolean support;

    @Override
    public Integer call() throws Exception {
        return support ? new SupportDemo(System.out).run() : new Demo(System.out).run();
    }
}
