package io.cognitosuite.tools;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.UsageException;
import io.cognitosuite.tools.support.audit.AuditCommand;
import io.cognitosuite.tools.support.db.DbCommand;
import io.cognitosuite.tools.support.dlq.DlqCommand;
import io.cognitosuite.tools.support.reconcile.ReconcileCommand;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cognito-suite}: the local stack, one-off invocations, the demo, and the support desk. Exit codes scripts
 * can use: 0 ok, 1 something failed, 2 the command could not run as called (usage, configuration, a missing file).
 */
@Command(name = "cognito-suite", mixinStandardHelpOptions = true, version = "cognito-suite 0.1.0",
        description = "Cognito triggers and their pipeline on your machine: no Docker, no AWS account.",
        subcommands = {LocalCommand.class, InvokeCommand.class, DemoCommand.class, DbCommand.class, AuditCommand.class,
                DlqCommand.class, ReconcileCommand.class, io.cognitosuite.tools.support.users.UsersCommand.class,
                io.cognitosuite.tools.gateway.TokenCommand.class})
public final class CognitoSuiteCli implements Runnable {
    static final Path STATE_DIRECTORY = Path.of(".cognito-suite");
    static final Path LOG_FILE = STATE_DIRECTORY.resolve("functions.log");

    @Option(names = "--verbose", description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = execute(args);
        } catch (Throwable e) {
            // An Error escapes picocli's handler; without System.exit the servers' threads would keep the JVM alive.
            System.err.println("error: the CLI failed: " + e.getClass().getName());
            System.err.println("hint: rerun with --verbose; if a class is missing, rebuild with ./mvnw install -DskipTests -pl tools -am");
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace();
            }
            exit = SupportCommand.FAILED;
        }
        System.exit(exit);
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return execute(CliRuntime.system(), args);
    }

    /** Runs the CLI with this environment, these streams and this clock, and returns its exit code. */
    public static int execute(CliRuntime runtime, String... args) {
        configureLogging();
        CommandLine cli = commandLine(runtime);
        cli.setOut(new java.io.PrintWriter(runtime.out(), true));
        cli.setErr(new java.io.PrintWriter(runtime.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            commandLine.getErr().println("error: " + oneLine(e));
            commandLine.getErr().println("hint: " + hint(e) + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return isUsage(e) ? SupportCommand.USAGE : SupportCommand.FAILED;
        });
        return cli.execute(args);
    }

    /** One run of the CLI as a script sees it: the exit code and both streams. */
    public record Captured(int exit, String out, String err) {
        /** Standard output as one JSON document (what {@code --json} prints). */
        public com.fasterxml.jackson.databind.JsonNode json() throws io.cognitosuite.core.json.MalformedJsonException {
            return io.cognitosuite.core.json.Json.parse(out);
        }
    }

    /** Runs the CLI with this environment and the system clock, capturing what it prints (the support demo, tests). */
    public static Captured capture(java.util.Map<String, String> environment, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = execute(new CliRuntime(environment, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), java.time.Clock.systemUTC()), args);
        return new Captured(exit, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The whole command tree, every command built with {@code runtime} (tests read the tree from here). */
    static CommandLine commandLine(CliRuntime runtime) {
        return new CommandLine(new CognitoSuiteCli(), new Factory(runtime));
    }

    /** Builds commands that take the {@link CliRuntime} with it, the others as picocli does. */
    private record Factory(CliRuntime runtime) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliRuntime.class);
                constructor.setAccessible(true);
                return constructor.newInstance(runtime);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** Errors in how the command was called (exit 2), as opposed to failures while it ran (exit 1). */
    private static boolean isUsage(Throwable e) {
        return e instanceof UsageException || e instanceof ConfigurationException || e instanceof NoSuchFileException;
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
        if (e instanceof software.amazon.awssdk.core.exception.SdkException sdk) {
            // The SDK's message can quote what was sent (a filter holds an email): the error code and status say enough.
            return "AWS call failed: " + io.cognitosuite.aws.AwsErrorCode.withStatus(sdk);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String hint(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "give the path of an event file, e.g. events/pre-token-generation/v2-authentication.json, or - for standard input";
        }
        if (e instanceof UsageException usage) {
            return usage.hint();
        }
        if (e instanceof ConfigurationException) {
            return "check the environment variables named above (see the README's configuration table)";
        }
        if (e instanceof io.cognitosuite.aws.sqs.MoveTaskRunningException) {
            return "SQS runs one move task per queue: follow it with cognito-suite dlq redrive --status, stop it with --cancel";
        }
        if (e instanceof io.cognitosuite.aws.sqs.DeadLetterQueueException) {
            return "check AWS_REGION, the credentials and their sqs: permissions, and AWS_ENDPOINT_URL_SQS for a local stack";
        }
        if (e instanceof DataAccessException) {
            return "is the database in DATABASE_URL up and reachable, with DATABASE_USER and DATABASE_PASSWORD right?";
        }
        if (e instanceof SdkClientException) {
            return "no answer from AWS: check AWS_REGION, the credentials, and AWS_ENDPOINT_URL_* for a local stack";
        }
        if (e instanceof SdkServiceException) {
            return "AWS refused the call: check the credentials' permissions and the names given";
        }
        return "see " + LOG_FILE + " for the functions' logs";
    }
}
