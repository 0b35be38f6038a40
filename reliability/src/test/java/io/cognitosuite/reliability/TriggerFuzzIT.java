package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.provisioning.SqsBatchProcessor;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Scenario 7, fuzzing: generated and mutated events for every trigger and for the consumer's SQS body, from a
 * seeded {@link Random} (the same inputs on every run). Each call must return a valid Cognito response or fail with
 * one of the fixed sentences; never another exception, never an input value in the message, never a partial write
 * (row counts before and after every call), never an unexpected failure (the processors' "failed unexpectedly"
 * log line, which is how an NPE or a parser slip would show).
 */
class TriggerFuzzIT {
    static final long SEED = 13_2026L;
    static final int CASES_PER_TRIGGER = 300;
    /** Every injected value carries it, so that an echo of the input is found wherever it lands. */
    static final String CANARY = "fuzzcanary";
    private static final String NUL = "@@NUL@@";
    private static final String HIGH = "@@HIGH@@";
    private static final String LOW = "@@LOW@@";
    private static final String DEEP = "@@DEEP";
    private static final java.util.regex.Pattern DEEP_VALUE = java.util.regex.Pattern.compile("\"@@DEEP(\\d+)@@\"");
    private static final Set<String> SAFE = Set.of(PreSignUpService.REFUSED, TriggerFailedException.INVALID_REQUEST,
            TriggerFailedException.TRY_AGAIN);

    private static MigratedDatabase db;
    private static EmbeddedSqsServer sqsServer;
    private static SqsClient sqs;
    private static String queueUrl;
    private static final List<Database> pools = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = MigratedDatabase.create("fuzz");
        sqsServer = EmbeddedSqsServer.start();
        sqs = SqsTestClients.client(sqsServer.endpoint());
        queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, "fuzz-user-confirmed", 3, 5).queueUrl();
    }

    @AfterAll
    static void stop() {
        pools.forEach(Database::close);
        sqs.close();
        sqsServer.close();
        db.close();
    }

    /** One invocation's result, as the test sees it. */
    private record Outcome(byte[] output, Throwable thrown) {
    }

    @FunctionalInterface
    private interface Invoker {
        Outcome invoke(byte[] event) throws Exception;
    }

    /** Tallies of one trigger's run. */
    private static final class Tally {
        final Map<String, Integer> results = new TreeMap<>();
        final List<String> violations = new ArrayList<>();
        /** Failures whose cause chain (what the Lambda runtime prints with the stack trace) quotes the input. */
        int causesQuotingInput;

        void count(String result) {
            results.merge(result, 1, Integer::sum);
        }
    }

    @Test
    void everyMutatedEvent_getsAValidResponseOrAFixedSentence_andNeverAPartialWrite() throws Exception {
        long started = System.nanoTime();
        Map<String, String> env = environment();
        TriggerFunctions functions = new TriggerFunctions(env, settings -> {
            Database pool = Database.pooled(settings);
            pools.add(pool);
            return pool;
        }, new RecordingMetrics(), Clock.systemUTC());
        var preSignUp = functions.preSignUp();
        var postConfirmation = functions.postConfirmation(sqs);
        var postAuthentication = functions.postAuthentication();
        var preToken = functions.preTokenGeneration();
        SqsBatchProcessor consumer = ConsumerComponents.userProvisioning(consumerEnvironment(),
                new ConsumerConnections(settings -> {
                    Database pool = Database.pooled(settings);
                    pools.add(pool);
                    return pool;
                }, () -> sqs, (bus, source, attempts) -> {
                    throw new IllegalStateException("no relay in this scenario");
                }, new RecordingMetrics()), Clock.systemUTC());

        Map<String, Tally> tallies = new LinkedHashMap<>();
        int logLines;
        try (LogCapture logs = LogCapture.start()) {
            tallies.put("pre-sign-up", run(1, samples("events/pre-sign-up"),
                    stream(preSignUp::handleRequest, "PreSignUp"), TriggerFuzzIT::preSignUpResponse, Counts::none));
            tallies.put("post-confirmation", run(2, samples("events/post-confirmation"),
                    stream(postConfirmation::handleRequest, "PostConfirmation"), TriggerFuzzIT::unchangedEvent,
                    TriggerFuzzIT::queued));
            tallies.put("post-authentication", run(3, samples("events/post-authentication"),
                    stream(postAuthentication::handleRequest, "PostAuthentication"), TriggerFuzzIT::unchangedEvent,
                    TriggerFuzzIT::signIns));
            for (String version : List.of("v1", "v2", "v3")) {
                tallies.put("pre-token " + version.toUpperCase(Locale.ROOT), run(4 + version.charAt(1),
                        samples("events/pre-token-generation", version + "-"),
                        stream(preToken::handleRequest, "PreTokenGeneration"), TriggerFuzzIT::tokenResponse,
                        TriggerFuzzIT::users));
            }
            tallies.put("consumer SQS body", runConsumer(consumer));
            List<String> lines = logs.lines();
            logLines = lines.size();
            List<String> unexpected = lines.stream().filter(l -> l.contains("failed unexpectedly")).toList();
            assertThat(unexpected).as("unexpected failures (an NPE, a parser slip) in the log").isEmpty();
            assertThat(lines.stream().filter(l -> l.contains(CANARY)).map(l -> l.substring(0, Math.min(l.length(), 600))))
                    .as("log lines that echo an injected value").isEmpty();
        }

        int total = 0;
        int causesQuotingInput = tallies.values().stream().mapToInt(t -> t.causesQuotingInput).sum();
        assertThat(causesQuotingInput).as("failures whose cause chain (printed by the Lambda runtime) quotes the input")
                .isZero();
        StringBuilder figures = new StringBuilder();
        for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            assertThat(tally.violations).as(entry.getKey()).isEmpty();
            int cases = tally.results.values().stream().mapToInt(Integer::intValue).sum();
            total += cases;
            figures.append(figures.length() == 0 ? "" : "; ").append(entry.getKey()).append(' ').append(cases)
                    .append(' ').append(tally.results);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "[reliability] fuzz: seed %d, %d inputs tried (%s), 0 stack traces, class names "
                        + "or input values in a message, 0 partial writes, 0 unexpected failures, %d log lines scanned, "
                        + "%d failures whose exception cause quotes the input, %.2f s%n", SEED, total, figures, logLines,
                causesQuotingInput, seconds);
    }

    // ---- the triggers ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface StreamHandler {
        void handle(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context c)
                throws Exception;
    }

    private static Invoker stream(StreamHandler handler, String function) {
        return event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handle(new ByteArrayInputStream(event), out, FakeLambdaContext.cognitoTrigger(function));
                return new Outcome(out.toByteArray(), null);
            } catch (Throwable t) {
                return new Outcome(out.toByteArray(), t);
            }
        };
    }

    /** Row counts that a call may change, and how they may change together. */
    @FunctionalInterface
    private interface Counts {
        long[] read();

        static long[] none() {
            return new long[0];
        }
    }

    /** What a successful call's output must be; returns a violation or {@code null}. */
    @FunctionalInterface
    private interface ResponseCheck {
        String check(JsonNode input, JsonNode output);
    }

    private Tally run(long stream, List<JsonNode> samples, Invoker invoker, ResponseCheck check, Counts counts)
            throws Exception {
        Random random = new Random(SEED * 31 + stream);
        Tally tally = new Tally();
        for (int i = 0; i < CASES_PER_TRIGGER; i++) {
            byte[] event = generate(random, samples.get(random.nextInt(samples.size())));
            long[] before = counts.read();
            Outcome outcome = invoker.invoke(event);
            long[] after = counts.read();
            String label = "case " + i;
            if (outcome.thrown() == null) {
                JsonNode input;
                try {
                    input = Json.parse(new String(event, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    tally.violations.add(label + ": succeeded on an input that is not JSON");
                    continue;
                }
                JsonNode output;
                try {
                    output = Json.parse(new String(outcome.output(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    tally.violations.add(label + ": the response is not JSON");
                    continue;
                }
                String violation = check.check(input, output);
                if (violation != null) {
                    tally.violations.add(label + ": " + violation);
                }
                String write = partialWrite(before, after, false);
                if (write != null) {
                    tally.violations.add(label + ": " + write);
                }
                tally.count("ok");
            } else {
                Throwable thrown = outcome.thrown();
                String message = thrown.getMessage();
                if (!(thrown instanceof TriggerFailedException) || !SAFE.contains(message)) {
                    tally.violations.add(label + ": " + thrown.getClass().getSimpleName() + " is not a fixed sentence");
                    continue;
                }
                for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
                    if (cause.getMessage() != null && cause.getMessage().contains(CANARY)) {
                        tally.causesQuotingInput++;
                        break;
                    }
                }
                if (outcome.output().length != 0) {
                    tally.violations.add(label + ": failed after writing a response");
                }
                String write = partialWrite(before, after, true);
                if (write != null) {
                    tally.violations.add(label + ": " + write);
                }
                tally.count(message.equals(PreSignUpService.REFUSED) ? "refused"
                        : message.equals(TriggerFailedException.INVALID_REQUEST) ? "invalid" : "try-again");
            }
        }
        return tally;
    }

    /**
     * Counts are [a, b, …]: a failed call changes none; a successful one changes a by 0 or 1 and every other count by
     * exactly as much (a user comes with its personal workspace, membership and outbox event; a sign-in with its
     * outbox event; a confirmation with one message).
     */
    private static String partialWrite(long[] before, long[] after, boolean failed) {
        if (before.length == 0) {
            return null;
        }
        long first = after[0] - before[0];
        for (int k = 0; k < before.length; k++) {
            long delta = after[k] - before[k];
            if (failed && delta != 0) {
                return "a failed call changed count " + k + " by " + delta;
            }
            if (!failed && (first < 0 || first > 1 || delta != first)) {
                return "counts changed apart: " + java.util.Arrays.toString(before) + " → " + java.util.Arrays.toString(after);
            }
        }
        return null;
    }

    private static String preSignUpResponse(JsonNode input, JsonNode output) {
        if (!output.isObject()) {
            return "response is not an object";
        }
        String source = input.path("triggerSource").asText();
        if (PreSignUpService.ADMIN_CREATE_USER.equals(source)) {
            return output.equals(input) ? null : "admin-create-user event changed";
        }
        JsonNode response = output.path("response");
        for (String flag : List.of("autoConfirmUser", "autoVerifyEmail", "autoVerifyPhone")) {
            if (!response.path(flag).isBoolean()) {
                return flag + " is not a boolean";
            }
        }
        return java.util.Objects.equals(output.get("request"), input.get("request")) ? null : "request changed";
    }

    private static String unchangedEvent(JsonNode input, JsonNode output) {
        return output.equals(input) ? null : "the event did not come back unchanged";
    }

    private static String tokenResponse(JsonNode input, JsonNode output) {
        JsonNode response = output.path("response");
        if (!response.isObject() || response.size() != 1) {
            return "response is not one override object";
        }
        if (!java.util.Objects.equals(output.get("request"), input.get("request"))) {
            return "request changed";
        }
        String text = response.toString();
        if (text.contains(CANARY) || text.contains("\"admin\"") || text.contains("api/admin\"]") && !text.contains(
                "scopesToSuppress\":[\"api/admin\"]")) {
            return "a claim or scope that the database does not give";
        }
        return null;
    }

    // ---- row counts ----------------------------------------------------------------------------------------------

    private static long[] users() {
        return db.database().withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT (SELECT count(*) FROM app_users), "
                    + "(SELECT count(*) FROM workspaces), (SELECT count(*) FROM workspace_members), "
                    + "(SELECT count(*) FROM outbox_events)")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        });
    }

    private static long[] signIns() {
        return db.database().withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT (SELECT coalesce(sum(sign_in_count), 0) "
                    + "FROM app_users), (SELECT count(*) FROM outbox_events WHERE event_type = 'user.signed_in')")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        });
    }

    /** Messages on the queue since the last look (each read is deleted), so a count per call. */
    private static long published;

    private static long[] queued() {
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                return new long[] {published};
            }
            for (Message m : messages) {
                published++;
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    // ---- the consumer ------------------------------------------------------------------------------------------

    private Tally runConsumer(SqsBatchProcessor consumer) throws Exception {
        Random random = new Random(SEED * 31 + 99);
        List<JsonNode> bodies = new ArrayList<>();
        for (String file : ClasspathFiles.list("events/sqs")) {
            for (JsonNode record : Json.parse(ClasspathFiles.read("events/sqs/" + file)).path("Records")) {
                try {
                    JsonNode body = Json.parse(record.path("body").asText());
                    if (body.isObject() && "user.confirmed".equals(body.path("type").asText())) {
                        bodies.add(body);
                    }
                } catch (Exception notJson) {
                    // poison samples: the mutations make their own
                }
            }
        }
        assertThat(bodies).isNotEmpty();
        Tally tally = new Tally();
        for (int i = 0; i < CASES_PER_TRIGGER; i++) {
            byte[] body = generate(random, bodies.get(random.nextInt(bodies.size())));
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            String id = "fuzz-" + i;
            record.setMessageId(id);
            // What SQS would hand over: the body as text (invalid UTF-8 decoded with replacement characters).
            record.setBody(new String(body, StandardCharsets.UTF_8));
            record.setReceiptHandle("fuzz-receipt-" + i);
            record.setEventSourceArn("arn:aws:sqs:eu-west-1:000000000000:fuzz-user-confirmed");
            record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(1 + random.nextInt(5))));
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(record));
            long[] before = users();
            SQSBatchResponse response;
            try {
                response = consumer.process(event, new FakeLambdaContext(ConsumerComponents.USER_PROVISIONING,
                        Duration.ofSeconds(30)));
            } catch (Throwable t) {
                tally.violations.add("case " + i + ": " + t.getClass().getSimpleName() + " thrown");
                continue;
            }
            long[] after = users();
            List<String> failed = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
            if (!failed.isEmpty() && !failed.equals(List.of(id))) {
                tally.violations.add("case " + i + ": failures name something else than the message");
            }
            String write = partialWrite(before, after, !failed.isEmpty());
            if (write != null) {
                tally.violations.add("case " + i + ": " + write);
            }
            tally.count(failed.isEmpty() ? (after[0] > before[0] ? "provisioned" : "ok, no new row") : "failed");
        }
        return tally;
    }

    // ---- generation ----------------------------------------------------------------------------------------------

    /** A sample mutated one to four times, serialized; sometimes broken at the byte level afterwards. */
    static byte[] generate(Random random, JsonNode sample) {
        JsonNode tree = sample.deepCopy();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            tree = mutate(random, tree);
        }
        String text = Json.write(tree).replace(NUL, "\\u0000").replace(HIGH, "\\ud800").replace(LOW, "\\udc00");
        text = DEEP_VALUE.matcher(text).replaceAll(match -> {
            int levels = Integer.parseInt(match.group(1));
            return "[".repeat(levels) + "\"" + CANARY + "\"" + "]".repeat(levels);
        });
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(12)) {
            case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 1 -> {
                byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length);
                broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x80));
                bytes = broken;
            }
            default -> {
                // left as it is: most cases reach the trigger's own checks
            }
        }
        return bytes;
    }

    private static JsonNode mutate(Random random, JsonNode tree) {
        int op = random.nextInt(20);
        if (op == 0) {
            return junk(random, 0);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        if (containers.isEmpty()) {
            return junk(random, 0);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || op == 1) {
                object.set(pick(random, List.of("email", "sub", "triggerSource", "version", "userName", "response",
                        "custom:role", CANARY + HIGH)), junk(random, 0));
                return tree;
            }
            String name = names.get(random.nextInt(names.size()));
            if (op < 5) {
                object.remove(name);
            } else {
                object.set(name, junk(random, 0));
            }
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || op < 8) {
                array.add(junk(random, 0));
            } else {
                array.set(random.nextInt(array.size()), junk(random, 0));
            }
        }
        return tree;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            Iterator<JsonNode> children = node.elements();
            while (children.hasNext()) {
                collect(children.next(), into);
            }
        }
    }

    private static final List<String> SOURCES = List.of("PreSignUp_SignUp", "PreSignUp_AdminCreateUser",
            "PreSignUp_ExternalProvider", "PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword",
            "PostAuthentication_Authentication", "TokenGeneration_Authentication", "TokenGeneration_HostedAuth",
            "TokenGeneration_ClientCredentials", "TokenGeneration_RefreshTokens", "CustomMessage_SignUp");

    /** A value of any kind: wrong types, nulls, huge and hostile strings, deep nesting, other triggers' words. */
    private static JsonNode junk(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(16)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(random.nextDouble() * 1e300);
            case 4 -> f.textNode(CANARY + "x".repeat(random.nextInt(300_000)));
            case 5 -> f.textNode(CANARY + NUL + "@example.com");
            case 6 -> f.textNode(CANARY + HIGH + "a" + LOW + LOW + "@example.com");
            case 7 -> f.textNode(pick(random, SOURCES));
            case 8 -> f.textNode(pick(random, List.of("1", "2", "3", "0", "4", "", "v2", "1e3")));
            case 9 -> f.textNode(CANARY + "'; DROP TABLE app_users; --@example.com");
            case 10 -> f.textNode(CANARY + "\u202e\u0007\u001b[31m\r\n" + "🙂".repeat(random.nextInt(200)) + "@example.com");
            case 11 -> {
                // Deep nesting, beyond the parser's limit once in a while: written as text after serialization (the
                // writer has the same limit).
                int levels = pick(random, List.of(20, 200, 999, 1_500, 20_000));
                yield f.textNode(DEEP + levels + "@@");
            }
            case 12 -> depth > 2 ? f.objectNode() : f.objectNode().set(CANARY, junk(random, depth + 1));
            case 13 -> depth > 2 ? f.arrayNode() : f.arrayNode().add(junk(random, depth + 1)).add(junk(random, depth + 1));
            case 14 -> f.textNode(java.util.UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes(
                    StandardCharsets.UTF_8)).toString());
            default -> f.textNode(CANARY + random.nextInt(1000) + "@example.com");
        };
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // ---- set-up ------------------------------------------------------------------------------------------------

    private static List<JsonNode> samples(String folder) throws Exception {
        return samples(folder, "");
    }

    private static List<JsonNode> samples(String folder, String prefix) throws Exception {
        List<JsonNode> samples = new ArrayList<>();
        for (String file : ClasspathFiles.list(folder)) {
            if (file.startsWith(prefix)) {
                samples.add(Json.parse(ClasspathFiles.read(folder + "/" + file)));
            }
        }
        assertThat(samples).as(folder + "/" + prefix).isNotEmpty();
        return samples;
    }

    private static Map<String, String> environment() {
        DatabaseSettings settings = db.settings();
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, settings.jdbcUrl());
        env.put(DatabaseSettings.USER, settings.user());
        env.put(DatabaseSettings.PASSWORD, settings.password());
        env.put("ROLE_SCOPES", "admin=api/admin api/read;user=api/read");
        env.put("USER_CONFIRMED_QUEUE_URL", queueUrl);
        env.put("SIGNUP_BLOCKED_DOMAINS", "blocked.example");
        // The widest budgets the settings allow: on a loaded CI machine a slow call must not turn into a timeout
        // that these figures would count (or, after a send that went through, into a "failed" call with a write).
        env.put("TOKEN_DATABASE_BUDGET_MS", "4000");
        env.put("SIGN_IN_DATABASE_BUDGET_MS", "2000");
        env.put("PUBLISH_BUDGET_MS", "4500");
        return env;
    }

    private static Map<String, String> consumerEnvironment() {
        Map<String, String> env = environment();
        env.put("RELAY_AFTER_BATCH_BUDGET_MS", "0");
        return env;
    }
}
