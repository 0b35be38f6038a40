package io.cognitosuite.tools;

import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.tools.support.Operator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code cognito-suite demo --support}: the support desk's story on the embedded stack, through the real CLI
 * commands. A broken publisher sends a poison message and the database goes down while a user confirms: both end in
 * the dead-letter queue. The database comes back, and support goes from the alarm to fixed in three commands:
 * {@code dlq peek} (why each failed), {@code dlq redrive --reason database_unavailable} (replay the one that can
 * succeed now), {@code users show <sub>} (the row is there, the failure resolved), with {@code dlq stats} and
 * {@code audit list} around them. Each command's output is printed as support sees it; each is checked.
 */
final class SupportDemo {
    static final String GRACE_SUB = "5b1d0c2e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
    static final String LINUS_SUB = "8e7d6c5b-4a39-4281-9706-f5e4d3c2b1a0";
    private static final String ADA_SUB = Demo.SUB;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();

    SupportDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs the story; returns 0 when every command did what it should. */
    int run() throws Exception {
        out.println("cognito-suite demo --support: starting the embedded stack …");
        // The outage backoff scaled down as the visibility timeout is (1 s), so a delivery that fails while the
        // database is down comes back within seconds, as in the consumer's own outage tests.
        // (The variables as template.yaml names them: the local stack reads its environment as Lambda does.)
        // A refused connection is given up after 1 s instead of the template's 3 s, as the outage tests do.
        Map<String, String> environment = Map.of("OUTAGE_BACKOFF_FIRST_SECONDS", "1",
                "OUTAGE_BACKOFF_MULTIPLIER", "1", "OUTAGE_BACKOFF_MAX_SECONDS", "1", "DATABASE_CONNECT_TIMEOUT_MS", "1000");
        try (LocalSuite suite = LocalSuite.start(new LocalSuite.Options(1, Demo.MAX_RECEIVE_COUNT), environment,
                message -> out.println("  … " + message));
             SqsEventSourcePoller poller = suite.eventSource().start()) {
            story(suite);
        }
        out.println();
        out.println(failures.isEmpty() ? "every command did what it should" : "FAILED: " + String.join("; ", failures));
        return failures.isEmpty() ? 0 : 1;
    }

    private void story(LocalSuite suite) throws Exception {
        out.println();
        out.println("1. a publisher that is not ours sends a message without a sub");
        suite.sqs().sendMessage(b -> b.queueUrl(suite.queueUrl()).messageBody("{\"type\":\"user.confirmed\",\"version\":1,"
                + "\"userPoolId\":\"eu-west-1_Demo\",\"username\":\"x\",\"triggerSource\":\"PostConfirmation_ConfirmSignUp\","
                + "\"occurredAt\":\"2026-12-01T10:00:00Z\"}"));
        await("the poison message in the dead-letter queue", () -> deadLetters(suite) == 1);
        out.println("2. the database goes down; Grace (g***@example.com) confirms her sign-up meanwhile");
        suite.stopDatabase();
        confirm(suite, GRACE_SUB, "grace@example.com");
        await("grace's confirmation in the dead-letter queue (3 failed deliveries)", () -> deadLetters(suite) == 2);
        out.println("3. the database is back; the next confirmation (Linus) writes the failure records the consumer "
                + "held while it was down");
        suite.startDatabase();
        confirm(suite, LINUS_SUB, "linus@example.com");
        await("linus provisioned", () -> hasRow(suite, LINUS_SUB));

        Map<String, String> env = new HashMap<>(suite.supportEnvironment(Map.of()));
        env.put(Operator.VARIABLE, "support-demo");
        out.println();
        out.println("the alarm: user-confirmed-dlq-not-empty. Support runs:");
        command(env, "dlq stats", List.of(), "dlq", "stats");
        if (!deadLetterCount(env).equals("2")) {
            failures.add("dlq stats --json does not count 2 dead letters");
        }
        command(env, "dlq peek", List.of("invalid_message", "sub is missing or blank", "database_unavailable", "g***@example.com"),
                "dlq", "peek");
        command(env, "users show", List.of("NOT provisioned", "database_unavailable"), "users", "show", GRACE_SUB);
        command(env, "dlq redrive", List.of("moved 1"), "dlq", "redrive", "--reason", "database_unavailable");
        await("grace provisioned by the consumer", () -> hasRow(suite, GRACE_SUB));
        command(env, "users show", List.of("provisioned: app_users has the user", "RESOLVED", "app_user.created"),
                "users", "show", GRACE_SUB);
        command(env, "audit list", List.of("dlq redrive", "support-demo", "moved=1"), "audit", "list");
    }

    /** Runs one CLI command as support would, prints it with its output, and checks what it must say. */
    private void command(Map<String, String> env, String name, List<String> mustSay, String... args) {
        CognitoSuiteCli.Captured run = CognitoSuiteCli.capture(env, args);
        int exit = run.exit();
        String output = run.out() + run.err();
        out.println();
        out.println("$ cognito-suite " + String.join(" ", args));
        output.lines().forEach(l -> out.println("  " + l));
        List<String> missing = mustSay.stream().filter(s -> !output.contains(s)).toList();
        if (exit != 0 || !missing.isEmpty()) {
            failures.add(name + (exit != 0 ? " exited " + exit : "") + (missing.isEmpty() ? "" : " without " + missing));
        }
    }

    /** The dead-letter queue's visible count as {@code dlq stats --json} reports it. */
    private static String deadLetterCount(Map<String, String> env) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode queue
                    : CognitoSuiteCli.capture(env, "dlq", "stats", "--json").json().path("queues")) {
                if (queue.path("deadLetterQueue").isObject()) {
                    return queue.path("deadLetterQueue").path("visible").asText();
                }
            }
        } catch (io.cognitosuite.core.json.MalformedJsonException e) {
            return "not JSON";
        }
        return "none";
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                failures.add("waited " + WAIT.toSeconds() + " s for " + what);
                out.println("   FAIL  " + what + ": not after " + WAIT.toSeconds() + " s");
                return;
            }
            Thread.sleep(100);
        }
        out.printf(Locale.ROOT, "   ok    %s (%.1f s)%n", what, (System.nanoTime() - start) / 1e9);
    }

    private static void confirm(LocalSuite suite, String sub, String email) throws Exception {
        String event = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .replace(ADA_SUB, sub).replace("ada@example.com", email);
        suite.functions().get(LocalSuite.POST_CONFIRMATION).invoke(event.getBytes(StandardCharsets.UTF_8),
                FakeLambdaContext.cognitoTrigger(LocalSuite.POST_CONFIRMATION));
    }

    private static boolean hasRow(LocalSuite suite, String sub) {
        try {
            return suite.database().withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM app_users WHERE cognito_sub = ?")) {
                    ps.setString(1, sub);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1) == 1;
                    }
                }
            });
        } catch (RuntimeException databaseStillStarting) {
            return false;
        }
    }

    private static int deadLetters(LocalSuite suite) {
        Map<String, String> attributes = suite.sqs().getQueueAttributes(b -> b.queueUrl(suite.deadLetterQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
