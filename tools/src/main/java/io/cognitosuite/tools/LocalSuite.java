package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.aws.eventbridge.EventBridgeDomainEvents;
import io.cognitosuite.postgres.jdbc.JdbcOutbox;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.sqs.SqsRedelivery;
import io.cognitosuite.consumers.internal.ConsumerComponents;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.consumers.relay.OutboxRelay;
import io.cognitosuite.consumers.relay.RelayReport;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationSettings;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every function of the suite, wired as in Lambda but on local servers: PostgreSQL (embedded, or
 * {@code DATABASE_URL}) with the migrations applied, and SQS (embedded ElasticMQ, or
 * {@code AWS_ENDPOINT_URL_SQS}) with the user-confirmed queue and its dead-letter queue.
 */
public final class LocalSuite implements AutoCloseable {
    public static final String PRE_SIGN_UP = "PreSignUp";
    public static final String POST_CONFIRMATION = "PostConfirmation";
    public static final String POST_AUTHENTICATION = "PostAuthentication";
    public static final String PRE_TOKEN_GENERATION = "PreTokenGeneration";
    public static final String USER_PROVISIONING = "UserProvisioning";
    /** See {@link #consumerTimeout()}. */
    static final Duration MINIMUM_CONSUMER_TIMEOUT = Duration.ofSeconds(5);
    public static final String OUTBOX_RELAY = "OutboxRelay";
    /** Where events go when no EventBridge endpoint is configured: one JSON line per event. */
    public static final Path EVENT_LOG = Path.of(".cognito-suite", "events.jsonl");
    /** Same as the template's redrive policy. */
    public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;

    /**
     * @param visibilityTimeoutSeconds the queue's visibility timeout (short locally, so retries are quick)
     * @param maxReceiveCount          deliveries before a message moves to the dead-letter queue
     */
    public record Options(int visibilityTimeoutSeconds, int maxReceiveCount) {
        public static Options defaults() {
            return new Options(5, DEFAULT_MAX_RECEIVE_COUNT);
        }
    }

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedSqsServer sqsServer;
    private final DatabaseSettings databaseSettings;
    private final Database database;
    private final SqsClient sqs;
    private final URI sqsEndpoint;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final ProvisioningHandler provisioning;
    private final OutboxRelay relay;
    private final String eventsDestination;
    private final Duration visibilityTimeout;

    private LocalSuite(EmbeddedPostgresServer postgres, EmbeddedSqsServer sqsServer, DatabaseSettings databaseSettings,
                       Database database, SqsClient sqs, URI sqsEndpoint, Options options, Map<String, String> environment) {
        this.postgres = postgres;
        this.sqsServer = sqsServer;
        this.databaseSettings = databaseSettings;
        this.database = database;
        this.sqs = sqs;
        this.sqsEndpoint = sqsEndpoint;
        this.visibilityTimeout = Duration.ofSeconds(options.visibilityTimeoutSeconds());
        migrate(databaseSettings);
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, "user-confirmed",
                options.maxReceiveCount(), options.visibilityTimeoutSeconds());
        this.queueUrl = queues.queueUrl();
        this.deadLetterQueueUrl = queues.deadLetterQueueUrl();

        Clock clock = Clock.systemUTC();
        // Metric documents go to the functions' log, not to the console the CLI talks on.
        org.slf4j.Logger metricsLog = org.slf4j.LoggerFactory.getLogger("io.cognitosuite.metrics");
        Metrics metrics = new EmfMetrics(new DocumentSinkEnvironment("local", metricsLog::info), EmfMetrics.NAMESPACE);
        // Every trigger is built by the same composition root as in Lambda, from the same variables, pointed
        // at the local servers (each with its own pool, as each function has in AWS).
        Map<String, String> functionEnvironment = functionEnvironment(environment, databaseSettings, queueUrl);
        TriggerFunctions triggers = new TriggerFunctions(functionEnvironment, metrics, clock);
        PreSignUpHandler preSignUp = triggers.preSignUp();
        PostConfirmationHandler postConfirmation = triggers.postConfirmation(sqs);
        PostAuthenticationHandler postAuthentication = triggers.postAuthentication();
        PreTokenGenerationHandler preToken = triggers.preTokenGeneration();
        String source = environment.getOrDefault("EVENT_SOURCE", EventBridgeDomainEvents.DEFAULT_SOURCE);
        String eventBridgeUrl = environment.get("AWS_ENDPOINT_URL_EVENTBRIDGE");
        DomainEvents events;
        if (eventBridgeUrl != null && !eventBridgeUrl.isBlank()) {
            String bus = environment.getOrDefault("EVENT_BUS_NAME", "cognito-suite-local");
            events = new EventBridgeDomainEvents(AwsClients.configured(EventBridgeClient.builder()).endpointOverride(URI.create(eventBridgeUrl))
                    .region(Region.of(environment.getOrDefault("AWS_REGION", "eu-west-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build(), bus, source);
            this.eventsDestination = "EventBridge bus " + bus + " at " + eventBridgeUrl;
        } else {
            events = new EventLogDomainEvents(EVENT_LOG, source);
            this.eventsDestination = EVENT_LOG.toAbsolutePath().toString();
        }
        this.relay = new OutboxRelay(new JdbcOutbox(database), events, metrics, 50);
        // As in Lambda: after a batch that created users, one relay pass publishes their events.
        // As in Lambda, while the database is unavailable failed messages come back after the OUTAGE_BACKOFF_* schedule.
        this.provisioning = new ProvisioningHandler(ConsumerComponents.provisioningProcessor(database, metrics,
                ConsumerComponents.afterBatch(RelaySettings.fromEnvironment(Map.of("EVENT_BUS_NAME", "local")), relay),
                new SqsRedelivery(sqs), OutageBackoffSettings.fromEnvironment(environment), clock));

        functions.put(PRE_SIGN_UP, (event, context) -> stream(preSignUp::handleRequest, event, context));
        functions.put(POST_CONFIRMATION, (event, context) -> stream(postConfirmation::handleRequest, event, context));
        functions.put(POST_AUTHENTICATION, (event, context) -> stream(postAuthentication::handleRequest, event, context));
        functions.put(PRE_TOKEN_GENERATION, (event, context) -> stream(preToken::handleRequest, event, context));
        functions.put(USER_PROVISIONING, (event, context) -> {
            SQSBatchResponse response = provisioning.handleRequest(SqsEvents.fromJson(event), context);
            return Json.write(response).getBytes(StandardCharsets.UTF_8);
        });
        functions.put(OUTBOX_RELAY, (event, context) -> Json.write(relay.drain(
                Deadline.after(Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())), clock)
                        .minus(Reserves.RELAY_FUNCTION)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the servers (or connects to the ones the environment names) and wires every function. */
    public static LocalSuite start(Options options, Map<String, String> environment, Progress progress) {
        Objects.requireNonNull(options, "options");
        EmbeddedPostgresServer postgres = null;
        EmbeddedSqsServer sqsServer = null;
        try {
            DatabaseSettings db;
            String url = environment.get(DatabaseSettings.URL);
            if (url != null && !url.isBlank()) {
                progress.step("using PostgreSQL from DATABASE_URL");
                db = DatabaseSettings.fromEnvironment(environment);
            } else {
                progress.step("starting embedded PostgreSQL");
                postgres = EmbeddedPostgresServer.start();
                TestDatabases.execute(postgres.postgresDatabase(), "CREATE DATABASE cognito_suite");
                DatabaseCoordinates c = postgres.database("cognito_suite");
                db = DatabaseSettings.withDefaults(c.jdbcUrl(), c.user(), c.password());
            }
            SqsClient sqs;
            URI endpoint;
            String sqsUrl = environment.get("AWS_ENDPOINT_URL_SQS");
            if (sqsUrl != null && !sqsUrl.isBlank()) {
                progress.step("using SQS at AWS_ENDPOINT_URL_SQS");
                endpoint = URI.create(sqsUrl);
            } else {
                progress.step("starting embedded SQS (ElasticMQ)");
                sqsServer = EmbeddedSqsServer.start();
                endpoint = sqsServer.endpoint();
            }
            sqs = AwsClients.configured(SqsClient.builder()).endpointOverride(endpoint)
                    .region(Region.of(environment.getOrDefault("AWS_REGION", "eu-west-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
            progress.step("applying migrations and creating queues");
            Database database = Database.pooled(db);
            try {
                return new LocalSuite(postgres, sqsServer, db, database, sqs, endpoint, options, environment);
            } catch (RuntimeException e) {
                database.close();
                sqs.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (sqsServer != null) {
                sqsServer.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    public Map<String, LocalFunction> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    /** The consumer handler, for the event-source poller. */
    public SQSBatchResponse consume(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
        return provisioning.handleRequest(event, context);
    }

    /** Relays what the outbox holds now, as the scheduled relay does. */
    public RelayReport relayOutbox(Duration budget) {
        return relay.drain(Deadline.after(budget, Clock.systemUTC()));
    }

    /** Where relayed events go (the EventBridge endpoint, or the local event log). */
    public String eventsDestination() {
        return eventsDestination;
    }

    public Database database() {
        return database;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /**
     * Migrates as the deploy-time migration does, on a pool of its own (Flyway's {@code SET statement_timeout} stays
     * on the migration's sessions), and puts the server-side statement timeout on the role the local functions log
     * in as: they send no {@code SET}, so without it their sessions would have none.
     */
    private static void migrate(DatabaseSettings databaseSettings) {
        try (Database migration = Database.pooled(databaseSettings)) {
            Migrations.apply(migration.dataSource(), new MigrationSettings(databaseSettings, databaseSettings.user(),
                    MigrationSettings.DEFAULT_APP_STATEMENT_TIMEOUT));
        }
    }

    public String databaseUrl() {
        return databaseSettings.jdbcUrl();
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /**
     * The variables the functions read: the caller's environment, plus the local database and queue, plus
     * {@code ROLE_SCOPES=admin=api/admin api/read;user=api/read} unless set, so that the demo shows scopes.
     */
    static Map<String, String> functionEnvironment(Map<String, String> environment, DatabaseSettings db, String queueUrl) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("ROLE_SCOPES", "admin=api/admin api/read;user=api/read");
        env.putAll(environment);
        env.put(DatabaseSettings.URL, db.jdbcUrl());
        env.put(DatabaseSettings.USER, db.user());
        env.put(DatabaseSettings.PASSWORD, db.password());
        env.put(PostConfirmationSettings.QUEUE_URL, queueUrl);
        return env;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    /**
     * The consumer's time per batch under the local event source: the queue's visibility timeout, as Lambda
     * advises, but never less than the 5 s the Invoke endpoint gives every function. The demo's 1 s visibility
     * timeout would otherwise leave the consumer no database time once its reserve
     * ({@code Reserves.CONSUMER_DATABASE}) is kept back. Batches take milliseconds locally, so receipt handles
     * are still valid when they end.
     */
    public Duration consumerTimeout() {
        return visibilityTimeout.compareTo(MINIMUM_CONSUMER_TIMEOUT) < 0 ? MINIMUM_CONSUMER_TIMEOUT : visibilityTimeout;
    }

    @FunctionalInterface
    private interface StreamHandler {
        void handle(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context c)
                throws java.io.IOException;
    }

    private static byte[] stream(StreamHandler handler, byte[] event, com.amazonaws.services.lambda.runtime.Context context)
            throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(event), out, context);
        return out.toByteArray();
    }

    @Override
    public void close() {
        database.close();
        sqs.close();
        if (sqsServer != null) {
            sqsServer.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Where long operations report what they are doing. */
    @FunctionalInterface
    public interface Progress {
        void step(String message);

        static Progress silent() {
            return message -> { };
        }
    }
}
