package io.cognitosuite.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cognito-suite demo}: the README's main command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded stack, replay a scripted sign-up-to-refresh scenario and report each step. "
                + "Exits non-zero if any step does not do what it should.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new Demo(System.out).run();
    }
}
