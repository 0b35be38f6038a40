package io.cognitosuite.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cognito-suite}: the local stack, one-off invocations and the demo. */
@Command(name = "cognito-suite", mixinStandardHelpOptions = true, version = "cognito-suite 0.1.0",
        description = "Cognito triggers and their pipeline on your machine: no Docker, no AWS account.",
        subcommands = {LocalCommand.class, InvokeCommand.class, DemoCommand.class})
public final class CognitoSuiteCli implements Runnable {
    static final Path LOG_FILE = Path.of(".cognito-suite", "functions.log");

    @Option(names = "--verbose", description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        configureLogging();
        CommandLine cli = new CommandLine(new CognitoSuiteCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            commandLine.getErr().println("error: " + oneLine(e));
            commandLine.getErr().println("hint: " + hint(e) + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        return cli.execute(args);
    }

    /** Functions log JSON to a file, so that the console stays readable. */
    private static void configureLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            try {
                Files.createDirectories(LOG_FILE.getParent());
            } catch (java.io.IOException ignored) {
                // logging falls back to the working directory
            }
            System.setProperty("cognitosuite.logFile", LOG_FILE.toAbsolutePath().toString());
            System.setProperty("log4j2.configurationFile", "classpath:log4j2-cli.xml");
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String hint(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "give the path of an event file, e.g. events/pre-token-generation/v2-authentication.json, or - for standard input";
        }
        if (e instanceof io.cognitosuite.core.config.ConfigurationException) {
            return "check the environment variables named above (see the README's configuration table)";
        }
        return "see " + LOG_FILE + " for the functions' logs";
    }
}
