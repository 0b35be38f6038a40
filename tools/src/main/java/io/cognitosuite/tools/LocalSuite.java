package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.cognitosuite.api.function.ApiFunctions;
import io.cognitosuite.api.function.ApiHandler;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.consumers.relay.OutboxRelayHandler;
import io.cognitosuite.consumers.relay.RelayReport;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsEventSourcePoller;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    public static final String USER_PROVISIONING = ConsumerComponents.USER_PROVISIONING;
    /** See {@link #consumerTimeout()}. */
    static final Duration MINIMUM_CONSUMER_TIMEOUT = Duration.ofSeconds(5);
    public static final String OUTBOX_RELAY = ConsumerComponents.OUTBOX_RELAY;
    /** Messages per batch the event source hands the consumer: template.yaml, {@code UserConfirmedEventSourceMapping.BatchSize}. */
    public static final int EVENT_SOURCE_BATCH_SIZE = 10;
    /** The bus the relay names when the environment names none ({@code EVENT_BUS_NAME}). */
    static final String LOCAL_EVENT_BUS = "cognito-suite-local";
    /**
     * The settings template.yaml gives {@code UserProvisioningFunction}, other than where things are (database,
     * bus) and the log level. The caller's environment may override each, as a changed template would.
     */
    public static final Map<String, String> USER_PROVISIONING_SETTINGS = Map.of(
            DatabaseSettings.CONNECT_TIMEOUT, "3000",
            DatabaseSettings.STATEMENT_TIMEOUT, "5000",
            "RELAY_AFTER_BATCH_BUDGET_MS", "1000",
            "OUTAGE_BACKOFF_FIRST_SECONDS", "300",
            "OUTAGE_BACKOFF_MULTIPLIER", "4",
            "OUTAGE_BACKOFF_MAX_SECONDS", "21600");
    /** The settings template.yaml gives {@code OutboxRelayFunction}, as {@link #USER_PROVISIONING_SETTINGS}. */
    public static final Map<String, String> OUTBOX_RELAY_SETTINGS = Map.of(
            DatabaseSettings.CONNECT_TIMEOUT, "3000",
            DatabaseSettings.STATEMENT_TIMEOUT, "5000",
            "RELAY_BUDGET_MS", "20000");
    /**
     * The settings template.yaml gives {@code PreSignUpFunction}, as {@link #USER_PROVISIONING_SETTINGS}; where the
     * template names a parameter, that parameter's {@code Default}.
     */
    public static final Map<String, String> PRE_SIGN_UP_SETTINGS = Map.of(
            "SIGNUP_ALLOWED_DOMAINS", "",
            "SIGNUP_BLOCKED_DOMAINS", "",
            "SIGNUP_BLOCK_DISPOSABLE", "true",
            "AUTO_CONFIRM_TRIGGER_SOURCES", "",
            "TRUSTED_EMAIL_PROVIDERS", "",
            "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "",
            "FEDERATED_ACCOUNTS", "off",
            "COGNITO_API_BUDGET_MS", "2000");
    /** The settings template.yaml gives {@code PostConfirmationFunction}, as {@link #PRE_SIGN_UP_SETTINGS}. */
    public static final Map<String, String> POST_CONFIRMATION_SETTINGS = Map.of(
            "PUBLISH_BUDGET_MS", "2000");
    /** The settings template.yaml gives {@code PostAuthenticationFunction}, as {@link #PRE_SIGN_UP_SETTINGS}. */
    public static final Map<String, String> POST_AUTHENTICATION_SETTINGS = Map.of(
            "SIGN_IN_DATABASE_BUDGET_MS", "500");
    /**
     * The settings template.yaml gives {@code PreTokenGenerationFunction}, as {@link #PRE_SIGN_UP_SETTINGS}. The
     * template's empty {@code ROLE_SCOPES} is replaced by the demo's (see {@link #functionEnvironment}).
     */
    public static final Map<String, String> PRE_TOKEN_GENERATION_SETTINGS = Map.of(
            "TOKEN_DATABASE_BUDGET_MS", "1500",
            "CLAIMS_UNAVAILABLE_POLICY", "omit",
            "CLAIMS_SIZE_BUDGET_BYTES", "2048",
            "ROLE_SCOPES", "");
    /** The API function (behind the local gateway, not the Invoke endpoint). */
    public static final String API = "Api";
    /** The settings template.yaml gives {@code ApiFunction}, as {@link #USER_PROVISIONING_SETTINGS}. */
    public static final Map<String, String> API_SETTINGS = Map.of(
            DatabaseSettings.CONNECT_TIMEOUT, "3000",
            DatabaseSettings.STATEMENT_TIMEOUT, "5000");
    /** {@code ApiFunction}'s {@code Timeout} in template.yaml. */
    public static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    /** Each function's {@code Timeout} in template.yaml: Lambda's time for one invocation, given to each local one. */
    public static final Map<String, Duration> FUNCTION_TIMEOUTS = Map.of(
            PRE_SIGN_UP, Duration.ofSeconds(4),
            POST_CONFIRMATION, Duration.ofSeconds(4),
            POST_AUTHENTICATION, Duration.ofSeconds(4),
            PRE_TOKEN_GENERATION, Duration.ofSeconds(4),
            USER_PROVISIONING, Duration.ofSeconds(30),
            OUTBOX_RELAY, Duration.ofSeconds(30));
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
    private final OutboxRelayHandler relay;
    /** The functions' own pools, opened by their composition roots as in Lambda, closed with the suite. */
    private final List<Database> functionPools = new ArrayList<>();
    private final List<CognitoIdentityProviderClient> cognitoClients =
            new ArrayList<>();
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
        SqsQueues.QueuePair queues = SqsQueues.createWithDeadLetterQueue(sqs, QUEUE_NAME,
                options.maxReceiveCount(), options.visibilityTimeoutSeconds());
        this.queueUrl = queues.queueUrl();
        this.deadLetterQueueUrl = queues.deadLetterQueueUrl();

        Clock clock = Clock.systemUTC();
        // Metric documents go to the functions' log, not to the console the CLI talks on.
        org.slf4j.Logger metricsLog = org.slf4j.LoggerFactory.getLogger("io.cognitosuite.metrics");
        Metrics metrics = new EmfMetrics(new DocumentSinkEnvironment("local", metricsLog::info), EmfMetrics.NAMESPACE);
        // Every trigger is built by the same composition root as in Lambda, from the same variables, pointed
        // at the local servers (each with its own pool, as each function has in AWS).
        // Each with the variables template.yaml gives that function (see functionEnvironment); the pools they open
        // are kept, to be closed with the suite.
        PreSignUpHandler preSignUp = triggers(PRE_SIGN_UP_SETTINGS, environment, metrics, clock).preSignUp();
        PostConfirmationHandler postConfirmation = triggers(POST_CONFIRMATION_SETTINGS, environment, metrics, clock)
                .postConfirmation(sqs);
        PostAuthenticationHandler postAuthentication = triggers(POST_AUTHENTICATION_SETTINGS, environment, metrics, clock)
                .postAuthentication();
        PreTokenGenerationHandler preToken = triggers(PRE_TOKEN_GENERATION_SETTINGS, environment, metrics, clock)
                .preTokenGeneration();
        // The consumers too: the production composition root, from the variables template.yaml gives each
        // function (see consumerEnvironment), over connections to the local servers.
        ConsumerConnections connections = new ConsumerConnections(this::openFunctionPool, () -> sqs,
                eventBus(environment), metrics);
        this.eventsDestination = eventsDestination(environment);
        this.provisioning = new ProvisioningHandler(ConsumerComponents.userProvisioning(
                consumerEnvironment(USER_PROVISIONING_SETTINGS, environment, databaseSettings), connections, clock));
        this.relay = new OutboxRelayHandler(ConsumerComponents.outboxRelay(
                consumerEnvironment(OUTBOX_RELAY_SETTINGS, environment, databaseSettings), connections, clock));

        functions.put(PRE_SIGN_UP, (event, context) -> stream(preSignUp::handleRequest, event, context));
        functions.put(POST_CONFIRMATION, (event, context) -> stream(postConfirmation::handleRequest, event, context));
        functions.put(POST_AUTHENTICATION, (event, context) -> stream(postAuthentication::handleRequest, event, context));
        functions.put(PRE_TOKEN_GENERATION, (event, context) -> stream(preToken::handleRequest, event, context));
        functions.put(USER_PROVISIONING, (event, context) -> {
            SQSBatchResponse response = provisioning.handleRequest(SqsEvents.fromJson(event), context);
            return Json.write(response).getBytes(StandardCharsets.UTF_8);
        });
        // The scheduled event's content does not matter to the relay (its handler takes it as a plain map).
        functions.put(OUTBOX_RELAY, (event, context) -> Json.write(relay.handleRequest(Map.of(), context))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A consumer function's variables, as Lambda gets them from template.yaml: the template's settings, then the
     * caller's environment (which may change any of them), then where the local database is, and
     * {@code EVENT_BUS_NAME} unless the caller set it.
     */
    static Map<String, String> consumerEnvironment(Map<String, String> templateSettings, Map<String, String> environment,
                                                   DatabaseSettings db) {
        Map<String, String> settings = new HashMap<>(templateSettings);
        settings.put("EVENT_BUS_NAME", LOCAL_EVENT_BUS);
        return databaseFunctionEnvironment(settings, environment, db);
    }

    /** A database function's variables: the template's settings, then the caller's environment, then the local database. */
    private static Map<String, String> databaseFunctionEnvironment(Map<String, String> templateSettings,
                                                                   Map<String, String> environment, DatabaseSettings db) {
        Map<String, String> env = new HashMap<>(templateSettings);
        env.putAll(environment);
        env.put(DatabaseSettings.URL, db.jdbcUrl());
        env.put(DatabaseSettings.USER, db.user());
        env.put(DatabaseSettings.PASSWORD, db.password());
        return env;
    }

    /**
     * EventBridge at {@code AWS_ENDPOINT_URL_EVENTBRIDGE} when it is set, as in Lambda; otherwise the local event log,
     * one JSON line per event in the shape EventBridge would receive.
     */
    private static ConsumerConnections.EventBus eventBus(Map<String, String> environment) {
        String eventBridgeUrl = environment.get("AWS_ENDPOINT_URL_EVENTBRIDGE");
        if (eventBridgeUrl == null || eventBridgeUrl.isBlank()) {
            return (bus, source, publishAttempts) -> new EventLogDomainEvents(EVENT_LOG, source);
        }
        return ConsumerConnections.EventBus.eventBridge(() -> AwsClients.configured(EventBridgeClient.builder())
                .endpointOverride(URI.create(eventBridgeUrl))
                .region(Region.of(environment.getOrDefault("AWS_REGION", "eu-west-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build());
    }

    private static String eventsDestination(Map<String, String> environment) {
        String eventBridgeUrl = environment.get("AWS_ENDPOINT_URL_EVENTBRIDGE");
        if (eventBridgeUrl == null || eventBridgeUrl.isBlank()) {
            return EVENT_LOG.toAbsolutePath().toString();
        }
        return "EventBridge bus " + environment.getOrDefault("EVENT_BUS_NAME", LOCAL_EVENT_BUS) + " at " + eventBridgeUrl;
    }

    private synchronized Database openFunctionPool(DatabaseSettings settings) {
        Database pool = Database.pooled(settings);
        functionPools.add(pool);
        return pool;
    }

    /** The trigger functions over one function's variables, opening their pools as the consumers do. */
    private TriggerFunctions triggers(Map<String, String> templateSettings, Map<String, String> environment,
                                      Metrics metrics, Clock clock) {
        return new TriggerFunctions(functionEnvironment(templateSettings, environment, databaseSettings, queueUrl),
                this::openFunctionPool, metrics, clock);
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

    /**
     * The queue's event source, as template.yaml maps it to the consumer: batches of {@link #EVENT_SOURCE_BATCH_SIZE}
     * and {@link #consumerTimeout()} per batch. Not started.
     */
    public SqsEventSourcePoller eventSource() {
        return new SqsEventSourcePoller(sqs, queueUrl, EVENT_SOURCE_BATCH_SIZE, USER_PROVISIONING, consumerTimeout(),
                this::consume);
    }

    /** Relays what the outbox holds now: one scheduled invocation of the relay with the given function timeout. */
    public RelayReport relayOutbox(Duration functionTimeout) {
        return relay.handleRequest(Map.of(), new FakeLambdaContext(OUTBOX_RELAY, functionTimeout));
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

    /**
     * The local queue's name: the template's {@code cognito-suite-${Stage}-user-confirmed} for the stage {@code local},
     * so that the support commands find it by the same prefix as in AWS.
     */
    public static final String QUEUE_NAME = "cognito-suite-local-user-confirmed";

    public String databaseUrl() {
        return databaseSettings.jdbcUrl();
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /**
     * Stops the embedded PostgreSQL for real (its data stays), as an outage does: for the support demo.
     *
     * @throws IllegalStateException when the database is not embedded (it is in {@code DATABASE_URL})
     */
    public void stopDatabase() {
        embeddedDatabase().stop();
    }

    /** Starts the embedded PostgreSQL again with its data, on the same port. */
    public void startDatabase() {
        embeddedDatabase().startAgain();
    }

    private EmbeddedPostgresServer embeddedDatabase() {
        if (postgres == null) {
            throw new IllegalStateException("the database is not embedded (DATABASE_URL is set): it cannot be stopped here");
        }
        return postgres;
    }

    /**
     * What a support command needs to reach this stack, as environment variables: the database, the SQS endpoint,
     * a region and the local stack's keys (ElasticMQ takes any). {@code cognito-suite local} writes them to
     * {@code .cognito-suite/local.env}; an emulated Cognito's endpoint is passed on when the caller set one.
     */
    public Map<String, String> supportEnvironment(Map<String, String> environment) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(DatabaseSettings.URL, databaseSettings.jdbcUrl());
        env.put(DatabaseSettings.USER, databaseSettings.user());
        env.put(DatabaseSettings.PASSWORD, databaseSettings.password());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        env.put("AWS_REGION", environment.getOrDefault("AWS_REGION", "eu-west-1"));
        env.put("AWS_ACCESS_KEY_ID", environment.getOrDefault("AWS_ACCESS_KEY_ID", "local"));
        env.put("AWS_SECRET_ACCESS_KEY", environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"));
        String cognito = environment.get("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER");
        if (cognito != null) {
            env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", cognito);
        }
        return env;
    }

    /**
     * The variables a trigger function reads: the template's settings for it, then
     * {@code ROLE_SCOPES=admin=api/admin api/read;user=api/read} so that the demo shows scopes, then the caller's
     * environment (which may change any of them), then the local database and queue.
     */
    static Map<String, String> functionEnvironment(Map<String, String> templateSettings, Map<String, String> environment,
                                                   DatabaseSettings db, String queueUrl) {
        Map<String, String> env = new java.util.HashMap<>(templateSettings);
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
     * advises, but never less than 5 s. The demo's 1 s visibility
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

    /**
     * The API function, built by its production composition root from the variables template.yaml gives it, pointed at
     * the local database, with {@code USER_POOL_ID} the pool whose tokens the gateway accepts (users it creates on first
     * call belong to it). Its admin routes call Cognito at {@code AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER} (for
     * example cognito-local); without one they answer that the user pool is unavailable. Each call builds a new function
     * with a new pool, closed with the suite.
     *
     * @throws io.cognitosuite.core.config.ConfigurationException when the pool id or a variable is not valid
     */
    public ApiHandler api(String userPoolId, Map<String, String> environment) {
        Map<String, String> env = databaseFunctionEnvironment(API_SETTINGS, environment, databaseSettings);
        env.put("USER_POOL_ID", Objects.requireNonNull(userPoolId, "userPoolId"));
        CognitoIdentityProviderClient cognito = cognitoClient(environment);
        synchronized (this) {
            cognitoClients.add(cognito);
        }
        return new ApiFunctions(env, this::openFunctionPool, cognito, Clock.systemUTC()).api();
    }

    /**
     * Cognito at {@code AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER}; without it, an address nothing listens on
     * (loopback port 9, discard), so that a local admin call fails fast as "unavailable" rather than reaching AWS.
     */
    private static CognitoIdentityProviderClient cognitoClient(
            Map<String, String> environment) {
        String url = environment.get("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER");
        URI endpoint = URI.create(url == null || url.isBlank() ? "http://127.0.0.1:9" : url);
        return AwsClients.configured(CognitoIdentityProviderClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(environment.getOrDefault("AWS_REGION", "eu-west-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.getOrDefault("AWS_ACCESS_KEY_ID", "local"),
                        environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "local"))))
                .build();
    }

    @Override
    public void close() {
        synchronized (this) {
            functionPools.forEach(Database::close);
            cognitoClients.forEach(CognitoIdentityProviderClient::close);
        }
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
