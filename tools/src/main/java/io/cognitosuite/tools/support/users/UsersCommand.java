package io.cognitosuite.tools.support.users;

import io.cognitosuite.tools.support.CommandGroup;
import picocli.CommandLine.Command;

/** {@code cognito-suite users}: reads of one user. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "One user's whole story.",
        subcommands = UsersShowCommand.class)
public final class UsersCommand extends CommandGroup {
}
