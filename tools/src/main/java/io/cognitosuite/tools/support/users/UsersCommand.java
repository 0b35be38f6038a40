package io.cognitosuite.tools.support.users;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cognito-suite users}: reads of one user. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "One user's whole story.",
        subcommands = UsersShowCommand.class)
public final class UsersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
