package io.cognitosuite.benchmarks;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LockWaits;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;

/**
 * Each trigger with the database hung ({@code --hung}), against Cognito's 5 s: the four triggers as
 * {@link TriggerFunctions} wires them with template.yaml's settings (pre-token generation V1, V2 and V3 with the
 * default {@code omit} policy, post-authentication, post-confirmation publishing to embedded ElasticMQ, pre-sign-up),
 * each over a pool of its own, warmed with the database up; then the database hung and the calls timed one after
 * another, event bytes in, response bytes (or the failure) out:
 * <ul>
 *   <li>SIGSTOP of every process of the server ({@link EmbeddedPostgresServer#freeze()}): the first calls meet the
 *       warm pooled connections, the later ones must connect to a server that accepts but never answers;</li>
 *   <li>a held lock, the server otherwise fine: another transaction holds the user's {@code app_users} row
 *       {@code FOR UPDATE} (post-authentication's update waits; a read does not), then the table
 *       {@code ACCESS EXCLUSIVE} (every read and write of it waits).</li>
 * </ul>
 * The server is one of its own, never {@code BENCH_DATABASE_URL}'s: it is frozen. It is thawed at the end whatever
 * happens (and by a shutdown hook, should the run be interrupted), so no stopped server is left behind.
 */
final class HungBenchmark {
    /** Cognito's own limit for a trigger. */
    static final long COGNITO_LIMIT_MS = 5000;
    /** The target: each trigger's slowest call with the database hung at most 2 s, 0.4 of Cognito's 5 s. */
    static final long TARGET_MS = 2000;
    private static final String LIN = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    private HungBenchmark() {
    }

    static void run(boolean quick) throws Exception {
        int warmup = quick ? 200 : 1_000;
        int frozenRounds = quick ? 20 : 100;
        int lockedRounds = quick ? 10 : 50;
        progress("starting an embedded PostgreSQL of its own (it is frozen) and ElasticMQ");
        List<Database> pools = new ArrayList<>();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
             EmbeddedSqsServer sqsServer = EmbeddedSqsServer.start();
             SqsClient sqs = AwsClients.configured(SqsClient.builder()).endpointOverride(sqsServer.endpoint())
                     .region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .build()) {
            Thread thawOnExit = new Thread(server::thaw, "thaw-database");
            Runtime.getRuntime().addShutdownHook(thawOnExit);
            DatabaseCoordinates db = server.postgresDatabase();
            try (Database migration = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()))) {
                Migrations.apply(migration.dataSource());
            }
            String queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, "bench-hung-user-confirmed", 5, 30).queueUrl();
            EmfMetrics metrics = new EmfMetrics(new DocumentSinkEnvironment("benchmark", document -> { }), EmfMetrics.NAMESPACE);
            TriggerFunctions functions = new TriggerFunctions(environment(db, queueUrl), settings -> {
                Database pool = Database.pooled(settings);
                pools.add(pool);
                return pool;
            }, metrics, Clock.systemUTC());
            Map<String, Trigger> triggers = triggers(functions, sqs);

            progress("warming each trigger with " + warmup + " calls, the database up");
            for (int i = 0; i < warmup; i++) {
                for (Trigger trigger : triggers.values()) {
                    trigger.call();
                }
                if (i % 500 == 0) {
                    sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(queueUrl).build());
                }
            }
            Map<String, long[]> nanos = new LinkedHashMap<>();
            server.freeze();
            try {
                progress("SIGSTOP: " + frozenRounds + " rounds, one call of each trigger per round (V1 and V3 every"
                        + " fourth round)");
                for (int i = 0; i < frozenRounds; i++) {
                    for (Map.Entry<String, Trigger> trigger : triggers.entrySet()) {
                        boolean everyRound = !trigger.getKey().startsWith("pre-token V1")
                                && !trigger.getKey().startsWith("pre-token V3");
                        if (everyRound || i % 4 == 0) {
                            time(nanos, trigger.getKey() + ", SIGSTOP", trigger.getValue());
                        }
                    }
                }
            } finally {
                server.thaw();
            }
            progress("held lock: " + lockedRounds + " rounds under app_users row FOR UPDATE, then as many under the"
                    + " table ACCESS EXCLUSIVE");
            Trigger postAuthentication = triggers.get("post-authentication");
            Trigger preToken = triggers.get("pre-token V2");
            // After the thaw, the first calls may meet connections the hang broke: a few untimed calls first.
            for (int i = 0; i < 5; i++) {
                postAuthentication.call();
                preToken.call();
            }
            try (Connection holder = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 Statement lock = holder.createStatement()) {
                holder.setAutoCommit(false);
                lock.execute("SELECT id FROM app_users WHERE cognito_sub = '" + LIN + "' FOR UPDATE");
                for (int i = 0; i < lockedRounds; i++) {
                    time(nanos, "post-authentication, row FOR UPDATE", postAuthentication);
                    time(nanos, "pre-token V2, row FOR UPDATE (read)", preToken);
                }
                // Every call that gave up asked the server to cancel its statement (on a thread of its own): one still
                // waiting for the row would hold the table against the holder, a deadlock.
                requireNoLockWaits(lock);
                lock.execute("LOCK TABLE app_users IN ACCESS EXCLUSIVE MODE");
                for (int i = 0; i < lockedRounds; i++) {
                    time(nanos, "post-authentication, table lock", postAuthentication);
                    time(nanos, "pre-token V2, table lock", preToken);
                }
                requireNoLockWaits(lock);
                holder.rollback();
            }
            report(nanos);
            Runtime.getRuntime().removeShutdownHook(thawOnExit);
        } finally {
            pools.forEach(Database::close);
        }
    }

    /** Waits up to 3 s for the statements of the calls that gave up to be cancelled; one left stops the run. */
    private static void requireNoLockWaits(Statement onTheHolder) throws Exception {
        if (LockWaits.awaitNone(onTheHolder, Duration.ofSeconds(3)) > 0) {
            throw new IllegalStateException("a statement still waits for the lock 3 s after its call gave up");
        }
    }

    /** template.yaml's variables of the four triggers, pointed at the benchmark's servers. */
    private static Map<String, String> environment(DatabaseCoordinates db, String queueUrl) {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, db.jdbcUrl());
        env.put(DatabaseSettings.USER, db.user());
        env.put(DatabaseSettings.PASSWORD, db.password());
        env.put("TOKEN_DATABASE_BUDGET_MS", "1500");
        env.put("CLAIMS_UNAVAILABLE_POLICY", "omit");
        env.put("CLAIMS_SIZE_BUDGET_BYTES", "2048");
        env.put("ROLE_SCOPES", "admin=api/admin api/read;user=api/read");
        env.put("SIGN_IN_DATABASE_BUDGET_MS", "500");
        env.put("USER_CONFIRMED_QUEUE_URL", queueUrl);
        env.put("PUBLISH_BUDGET_MS", "2000");
        env.put("SIGNUP_BLOCK_DISPOSABLE", "true");
        env.put("FEDERATED_ACCOUNTS", "off");
        env.put("COGNITO_API_BUDGET_MS", "2000");
        return env;
    }

    /** One invocation of a trigger, as Lambda makes it: event bytes in, response bytes out, a fresh context. */
    @FunctionalInterface
    private interface Trigger {
        String call() throws Exception;
    }

    private static Map<String, Trigger> triggers(TriggerFunctions functions, SqsClient sqs) {
        PreSignUpHandler preSignUp = functions.preSignUp();
        PostConfirmationHandler postConfirmation = functions.postConfirmation(sqs);
        PostAuthenticationHandler postAuthentication = functions.postAuthentication();
        PreTokenGenerationHandler preToken = functions.preTokenGeneration();
        String confirmation = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");
        String confirmedSub = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
        Map<String, Trigger> triggers = new LinkedHashMap<>();
        triggers.put("pre-sign-up (no database)", invoking(preSignUp, PreSignUpHandler.FUNCTION,
                () -> ClasspathFiles.read("events/pre-sign-up/sign-up.json")));
        triggers.put("post-confirmation (no database)", invoking(postConfirmation, PostConfirmationHandler.FUNCTION,
                () -> confirmation.replace(confirmedSub, UUID.randomUUID().toString())));
        triggers.put("post-authentication", invoking(postAuthentication, PostAuthenticationHandler.FUNCTION,
                () -> ClasspathFiles.read("events/post-authentication/authentication.json")));
        for (String version : List.of("V1", "V2", "V3")) {
            String event = ClasspathFiles.read("events/pre-token-generation/" + version.toLowerCase(Locale.ROOT)
                    + "-authentication.json");
            triggers.put("pre-token " + version, invoking(preToken, PreTokenGenerationHandler.FUNCTION, () -> event));
        }
        return triggers;
    }

    private static Trigger invoking(RequestStreamHandler handler, String function, java.util.function.Supplier<String> events) {
        return () -> {
            byte[] event = events.get().getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            // No trigger fails here (pre-token's policy is omit): an exception stops the run.
            handler.handleRequest(new ByteArrayInputStream(event), out, FakeLambdaContext.cognitoTrigger(function));
            return out.toString(StandardCharsets.UTF_8);
        };
    }

    /**
     * Times one call into {@code row}. A pre-token answer is checked: without app claims while the database does not
     * answer, with them under the row lock (a read does not wait for it); a wrong answer stops the run.
     */
    private static void time(Map<String, long[]> nanos, String row, Trigger trigger) throws Exception {
        long started = System.nanoTime();
        String response = trigger.call();
        long took = System.nanoTime() - started;
        if (row.startsWith("pre-token")) {
            boolean omitted = response.contains("app_claims_unavailable");
            if (omitted == row.contains("FOR UPDATE")) {
                throw new IllegalStateException("pre-token answered " + (omitted ? "without" : "with")
                        + " app claims in row '" + row + "'");
            }
        }
        long[] before = nanos.getOrDefault(row, new long[0]);
        long[] after = java.util.Arrays.copyOf(before, before.length + 1);
        after[before.length] = took;
        nanos.put(row, after);
    }

    private static void report(Map<String, long[]> nanos) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Each trigger with the database hung, template settings (milliseconds; against"
                + " Cognito's %d ms)%n", COGNITO_LIMIT_MS);
        System.out.printf(Locale.ROOT, "%-40s %10s %10s %10s %10s %8s%n", "", "p50", "p99", "max", "max/5 s", "calls");
        long slowest = 0;
        for (Map.Entry<String, long[]> row : nanos.entrySet()) {
            double[] p = InterleavedRun.p50p99Micros(row.getValue());
            long max = java.util.Arrays.stream(row.getValue()).max().orElseThrow();
            slowest = Math.max(slowest, max);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f %10.1f %10.2f %8d%n", row.getKey(), p[0] / 1e3,
                    p[1] / 1e3, max / 1e6, max / 1e6 / COGNITO_LIMIT_MS, row.getValue().length);
        }
        System.out.printf(Locale.ROOT, "slowest call / Cognito's 5 s target <= %.2f (%d ms): %s (%.2f)%n",
                (double) TARGET_MS / COGNITO_LIMIT_MS, TARGET_MS, slowest / 1e6 <= TARGET_MS ? "met" : "NOT met",
                slowest / 1e6 / COGNITO_LIMIT_MS);
    }

    private static void progress(String message) {
        System.out.println("[bench] " + message);
    }
}
