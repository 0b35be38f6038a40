package io.cognitosuite.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import io.cognitosuite.testing.LambdaJars;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.deploy.ArtifactLibraries.Library;
import io.cognitosuite.deploy.LambdaArtifacts.Run;
import io.cognitosuite.deploy.template.Template;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.EventBridgeStub;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every handler of every artifact, constructed and invoked once from the unpacked jar in a fresh JVM, as Lambda
 * runs a function (its no-arg constructor, SnapStart priming included, then a first event), against real servers:
 * embedded PostgreSQL migrated by the schema artifact itself, ElasticMQ for SQS, WireMock speaking the EventBridge
 * and Cognito protocols. A class missing from a jar fails its invocation here instead of in production.
 *
 * <p>The child JVMs log every class they load; the classes are mapped back to the libraries the artifact's build
 * shaded into it, and a library that none of the artifact's handlers loads fails the test, unless
 * {@link #NEVER_LOADED} names it with the reason it is there anyway. So each jar's dependency set is what its
 * handlers load.
 */
class ArtifactClassLoadingIT {
    private static final String TRIGGERS = "cognito-suite-triggers-lambda.jar";
    private static final String CONSUMERS = "cognito-suite-consumers-lambda.jar";
    private static final String SCHEMA = "cognito-suite-schema-lambda.jar";
    private static final String API = "cognito-suite-api-lambda.jar";
    private static final String API_HANDLER = "io.cognitosuite.api.function.ApiHandler";
    /** The caller of the API's sample access token (events/api-gateway), whom GET /me creates. */
    private static final String API_CALLER_SUB = "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c";
    /** An app admin the test puts into the database after the migration: the caller of POST /admin/users. */
    private static final String API_ADMIN_SUB = "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a";
    /** The sub Cognito (WireMock) gives the user POST /admin/users invites. */
    private static final String INVITED_SUB = "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968";
    /** The pool the API function belongs to (USER_POOL_ID), the sample events' pool. */
    private static final String USER_POOL_ID = "eu-west-1_Ab12Cd34E";
    private static final String SQS_BODY_FROM = "events/sqs/user-confirmed-batch.json";
    private static final String PRE_SIGN_UP = "io.cognitosuite.triggers.presignup.PreSignUpHandler";
    /** After its first event, pre-sign-up decides these too, in the same JVM: an allowed and a refused sign-up. */
    private static final List<String> MORE_PRE_SIGN_UP_EVENTS = List.of("events/pre-sign-up/sign-up.json",
            "events/pre-sign-up/sign-up-disposable-email.json");
    /**
     * After GET /health, the API answers these in the same JVM: GET /me with an access token (the caller is created
     * in the real database), GET /me with an ID token, which passes HTTP API's JWT authorizer but not the function,
     * and POST /admin/users by an app admin with the api/admin scope, which invites through Cognito (WireMock).
     */
    private static final List<String> MORE_API_EVENTS = List.of("events/api-gateway/http-api-access-token.json",
            "events/api-gateway/http-api-id-token.json", "events/api-gateway/http-api-admin-scope.json");
    private static final String LOG4J_PROBLEMS = "(?s).*(ERROR|Unable to locate plugin|Unrecognized (format specifier|conversion)|"
            + "No appenders could be found|StatusLogger).*";

    /**
     * Libraries an artifact carries although no handler loads a class of them on its construction and first
     * invocation. Each entry says why it stays; an entry that no longer applies (the library left the jar, or a
     * handler now loads it) fails {@link #allowList_namesOnlyLibrariesOfTheJarThatAreNeverLoaded()}.
     */
    static final Map<String, Map<String, String>> NEVER_LOADED;

    static {
        Map<String, String> everyArtifact = Map.of(
                "io.cognitosuite:cognito-suite-lambda-logging",
                "holds no class: log4j2.xml and the JSON layout template, read by log4j at start (the logging test "
                        + "here proves them: the Lambda appender and JsonTemplateLayout they name are configured)",
                "org.checkerframework:checker-qual",
                "nullness annotations pgjdbc is compiled with (a dependency of org.postgresql:postgresql); an annotation "
                        + "class is loaded only when code reads it by reflection, and nothing does");
        Map<String, String> withTheSdk = new HashMap<>(everyArtifact);
        withTheSdk.putAll(Map.of(
                "software.amazon.awssdk:annotations",
                "@SdkPublicApi, @ThreadSafe and the like: markers with CLASS or no run-time retention for the SDK's build",
                "software.amazon.awssdk:eventstream",
                "event-stream framing, referenced by aws-core and auth for streaming operations only (SQS, EventBridge "
                        + "and Cognito have none); leaving it out would save 37 KB and risk a NoClassDefFoundError on a "
                        + "path the SDK takes that no test does",
                "software.amazon.awssdk:http-auth-aws-eventstream",
                "the SigV4 signing of event streams, loaded by http-auth-aws only for streaming operations (none here)"));
        Map<String, String> withTheSdkAndMetrics = new HashMap<>(withTheSdk);
        withTheSdkAndMetrics.putAll(Map.of(
                "org.javatuples:javatuples",
                "aws-embedded-metrics uses it only in FibonacciRetryStrategy, the retry of its agent (TCP/UDP) sink; "
                        + "EmfMetrics writes to standard output, which never retries"));
        NEVER_LOADED = Map.of(
                TRIGGERS, Map.copyOf(withTheSdkAndMetrics),
                CONSUMERS, Map.copyOf(withTheSdkAndMetrics),
                SCHEMA, everyArtifact,
                API, Map.copyOf(withTheSdk));
    }

    @TempDir
    static Path work;

    private static Template template;
    private static Path probe;
    private static final Map<String, Path> jars = new TreeMap<>();
    private static final Map<String, Path> unpacked = new TreeMap<>();
    /** Handler → what its child JVM printed. */
    private static final Map<String, Run> runs = new LinkedHashMap<>();
    /** Artifact file name → classes its handlers loaded from it. */
    private static final Map<String, Set<String>> loaded = new TreeMap<>();

    private static DatabaseCoordinates database;
    private static EmbeddedSqsServer sqs;
    private static SqsClient sqsClient;
    private static String queueUrl;
    private static EventBridgeStub eventBridge;
    private static WireMockServer cognito;
    private static HttpServer responseUrl;
    private static final List<String> cloudFormationAnswers = new CopyOnWriteArrayList<>();
    private static final List<String> cloudFormationMethods = new CopyOnWriteArrayList<>();

    /** The handlers that run after all others: they need the user row and the outbox rows the others write. */
    private static final Set<String> LAST_PHASE = Set.of(
            "io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler",
            "io.cognitosuite.consumers.relay.OutboxRelayHandler");

    /** Handler → its first event; the schema first, as on a deployment (see the phases in {@link #invokeEveryHandler}). */
    private static Map<String, String> invocations() throws Exception {
        Map<String, String> events = new LinkedHashMap<>();
        events.put(EnvironmentContract.MIGRATION_HANDLER, createSchemaEvent());
        // Google sign-up with a verified email: looks the email up in the pool and links (Cognito client).
        events.put("io.cognitosuite.triggers.presignup.PreSignUpHandler", resource("events/pre-sign-up/external-provider-google-verified.json"));
        // Publishes user.confirmed (SQS client).
        events.put("io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler", resource("events/post-confirmation/confirm-sign-up.json"));
        // One user.confirmed record: provisions the user, then one relay pass puts app_user.created (EventBridge).
        events.put("io.cognitosuite.consumers.provisioning.ProvisioningHandler",
                Json.parse(resource(SQS_BODY_FROM)).path("Records").path(0).path("body").asText());
        // Reads the claims (JDBC), provisioning the missing user on the way.
        events.put("io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler", resource("events/pre-token-generation/v2-authentication.json"));
        // Records the sign-in and its outbox row.
        events.put("io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler", resource("events/post-authentication/authentication.json"));
        // A scheduled run: relays what the outbox holds.
        events.put("io.cognitosuite.consumers.relay.OutboxRelayHandler", "");
        // Liveness, no database; then the events of MORE_API_EVENTS.
        events.put(API_HANDLER, httpApiEvent(resource("events/api-gateway/http-api-no-authorizer.json"),
                Map.of("routeKey", "GET /health", "rawPath", "/health")));
        return events;
    }

    /** The events a handler answers after its first one, in the same JVM, as the probe reads them. */
    private static List<String> moreEvents(String handler) throws Exception {
        List<String> more = new ArrayList<>();
        if (handler.equals(PRE_SIGN_UP)) {
            for (String event : MORE_PRE_SIGN_UP_EVENTS) {
                more.add(resource(event));
            }
        } else if (handler.equals(API_HANDLER)) {
            more.add(httpApiEvent(resource(MORE_API_EVENTS.get(0)), Map.of()));
            more.add(httpApiEvent(resource(MORE_API_EVENTS.get(1)), Map.of()));
            // The admin-scope sample, as the seeded app admin inviting a user.
            more.add(httpApiEvent(resource(MORE_API_EVENTS.get(2)), Map.of("routeKey", "POST /admin/users",
                    "rawPath", "/admin/users", "claim.sub", API_ADMIN_SUB, "claim.username", API_ADMIN_SUB,
                    "body", "{\"email\":\"grace.hopper@example.com\"}")));
        }
        return more;
    }

    /**
     * A sample HTTP API payload 2.0 event as the probe's {@code name=value} lines (it has no JSON library): the route,
     * the request id, headers, path parameters and the JWT authorizer's claims and scopes, with {@code overrides}.
     */
    private static String httpApiEvent(String json, Map<String, String> overrides) throws Exception {
        JsonNode event = Json.parse(json);
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("routeKey", event.path("routeKey").asText());
        lines.put("rawPath", event.path("rawPath").asText());
        lines.put("requestId", event.path("requestContext").path("requestId").asText());
        if (event.hasNonNull("body")) {
            lines.put("body", event.path("body").asText());
        }
        event.path("headers").fields().forEachRemaining(h -> lines.put("header." + h.getKey(), h.getValue().asText()));
        event.path("pathParameters").fields().forEachRemaining(p -> lines.put("path." + p.getKey(), p.getValue().asText()));
        JsonNode jwt = event.path("requestContext").path("authorizer").path("jwt");
        jwt.path("claims").fields().forEachRemaining(c -> lines.put("claim." + c.getKey(), c.getValue().asText()));
        if (jwt.path("scopes").isArray()) {
            List<String> scopes = new ArrayList<>();
            jwt.path("scopes").forEach(s -> scopes.add(s.asText()));
            lines.put("scopes", String.join(" ", scopes));
        }
        lines.putAll(overrides);
        StringBuilder text = new StringBuilder();
        lines.forEach((name, value) -> {
            assertThat(value).as("%s of a sample HTTP API event", name).doesNotContain("\n");
            text.append(name).append('=').append(value).append('\n');
        });
        return text.toString();
    }

    @BeforeAll
    static void invokeEveryHandler() throws Exception {
        template = Template.fromRepository();
        probe = LambdaArtifacts.probeClasses(work.resolve("probe"));
        for (Path jar : LambdaArtifacts.handlersByArtifact(template).keySet()) {
            String name = jar.getFileName().toString();
            jars.put(name, jar);
            unpacked.put(name, LambdaJars.unpack(jar, work.resolve(name.replace(".jar", ""))));
        }
        startServers();
        Map<String, String> environment = environment();
        Map<String, String> events = invocations();
        List<String> order = new ArrayList<>(events.keySet());
        // In phases, two JVMs at a time (their start is CPU work on one core each): the schema first, as on a
        // deployment; then the handlers that need only the schema; then those that need a user row or outbox rows.
        List<List<String>> phases = List.of(
                List.of(EnvironmentContract.MIGRATION_HANDLER),
                order.stream().filter(h -> !h.equals(EnvironmentContract.MIGRATION_HANDLER) && !LAST_PHASE.contains(h)).toList(),
                order.stream().filter(LAST_PHASE::contains).toList());
        java.util.concurrent.ExecutorService jvms = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Map<String, java.util.concurrent.Future<Run>> started = new LinkedHashMap<>();
            for (List<String> phase : phases) {
                for (String handler : phase) {
                    Path log = work.resolve("class-load-" + order.indexOf(handler) + ".log");
                    List<String> args = new ArrayList<>(List.of("invoke", handler));
                    List<String> more = moreEvents(handler);
                    for (int i = 0; i < more.size(); i++) {
                        Path file = work.resolve("event-" + order.indexOf(handler) + "-" + i);
                        Files.writeString(file, more.get(i));
                        args.add(file.toString());
                    }
                    String artifact = artifactOf(handler);
                    started.put(handler, jvms.submit(() -> LambdaArtifacts.probe(List.of(LambdaArtifacts.classLoadLog(log)),
                            List.of(unpacked.get(artifact), probe), environment, events.get(handler),
                            args.toArray(String[]::new))));
                }
                for (String handler : phase) {
                    started.get(handler).get();
                }
                if (phase.contains(EnvironmentContract.MIGRATION_HANDLER)) {
                    seedAppAdmin();
                }
            }
            for (String handler : order) {
                String artifact = artifactOf(handler);
                runs.put(handler, started.get(handler).get());
                loaded.computeIfAbsent(artifact, k -> new TreeSet<>()).addAll(LambdaArtifacts.classesLoadedFrom(
                        work.resolve("class-load-" + order.indexOf(handler) + ".log"), unpacked.get(artifact)));
            }
        } finally {
            jvms.shutdownNow();
        }
    }

    @AfterAll
    static void stopServers() {
        if (responseUrl != null) {
            responseUrl.stop(0);
        }
        if (cognito != null) {
            cognito.stop();
        }
        if (eventBridge != null) {
            eventBridge.close();
        }
        if (sqsClient != null) {
            sqsClient.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    private static void startServers() throws IOException {
        database = TestDatabases.shared().createDatabase("artifact_classes");
        sqs = EmbeddedSqsServer.start();
        sqsClient = SqsTestClients.client(sqs.endpoint());
        queueUrl = sqsClient.createQueue(b -> b.queueName("user-confirmed")).queueUrl();
        eventBridge = EventBridgeStub.start();
        cognito = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cognito.start();
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .willReturn(cognitoJson("{\"Users\":[{\"Username\":\"ada.lovelace\",\"UserStatus\":\"CONFIRMED\","
                        + "\"Attributes\":[{\"Name\":\"email_verified\",\"Value\":\"true\"}]}]}")));
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser"))
                .willReturn(cognitoJson("{}")));
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminCreateUser"))
                .willReturn(cognitoJson("{\"User\":{\"Username\":\"" + INVITED_SUB + "\",\"UserStatus\":\"FORCE_CHANGE_PASSWORD\","
                        + "\"Enabled\":true,\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"" + INVITED_SUB + "\"},"
                        + "{\"Name\":\"email\",\"Value\":\"grace.hopper@example.com\"},"
                        + "{\"Name\":\"email_verified\",\"Value\":\"true\"}]}}")));
        responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrl.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                cloudFormationMethods.add(exchange.getRequestMethod());
                cloudFormationAnswers.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responseUrl.start();
    }

    /** The caller of POST /admin/users: an app admin (app_users.role), as only the database can make one. */
    private static void seedAppAdmin() throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             java.sql.PreparedStatement s = c.prepareStatement(
                     "INSERT INTO app_users (cognito_sub, user_pool_id, username, role) VALUES (?, ?, ?, 'admin')")) {
            s.setString(1, API_ADMIN_SUB);
            s.setString(2, USER_POOL_ID);
            s.setString(3, API_ADMIN_SUB);
            s.executeUpdate();
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder cognitoJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** What Lambda gives every function, every variable the functions read, and every endpoint on loopback. */
    private static Map<String, String> environment() {
        Map<String, String> environment = LambdaArtifacts.lambdaEnvironment();
        // What the Lambda runtime sets, so that code that behaves differently inside Lambda (the SDK's trace-id
        // interceptor reads the function name and the trace header) takes its Lambda path.
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "cognito-suite-probe");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        environment.put("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        environment.put("DATABASE_URL", database.jdbcUrl());
        environment.put("DATABASE_USER", database.user());
        environment.put("DATABASE_PASSWORD", database.password());
        environment.put("USER_CONFIRMED_QUEUE_URL", queueUrl);
        environment.put("EVENT_BUS_NAME", "cognito-suite-probe");
        environment.put("FEDERATED_ACCOUNTS", "link");
        environment.put("TRUSTED_EMAIL_PROVIDERS", "Google");
        environment.put("USER_POOL_ID", USER_POOL_ID);
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge.server().baseUrl());
        environment.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", cognito.baseUrl());
        return environment;
    }

    private static String createSchemaEvent() {
        return Json.write(Map.of(
                "RequestType", "Create",
                "ResponseURL", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/response?X-Amz-Signature=x",
                "StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/cognito-suite-dev/1",
                "RequestId", "probe-create",
                "LogicalResourceId", "SchemaMigration",
                "ResourceType", "Custom::SchemaMigration",
                "ResourceProperties", Map.of("CodeVersion", "1")));
    }

    private static String artifactOf(String handler) {
        return template.codeUri(template.functions().stream()
                .filter(f -> template.handlerClass(f).equals(handler)).findFirst()
                .orElseThrow(() -> new AssertionError("no function of template.yaml runs " + handler)))
                .getFileName().toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ArtifactClassLoadingIT.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyHandlerOfTheTemplate_isInvokedHere() throws Exception {
        Set<String> deployed = new TreeSet<>();
        LambdaArtifacts.handlersByArtifact(template).values().forEach(deployed::addAll);

        assertThat(invocations().keySet()).as("a new function needs a first event here").containsExactlyInAnyOrderElementsOf(deployed);
    }

    @Test
    void everyHandler_isConstructedAndAnswersItsFirstEvent_fromTheUnpackedJar() {
        runs.forEach((handler, run) -> {
            String output = handler + " printed:\n" + run.stdout() + run.stderr();
            assertThat(run.exitCode()).as(output).isZero();
            assertThat(run.probeLines()).as(output).contains("constructed " + handler);
            assertThat(answers(run)).as(output).first().asString().startsWith("response ");
            if (!handler.equals(PRE_SIGN_UP)) {
                assertThat(answers(run)).as(output).noneMatch(l -> l.startsWith("error "));
            }
            assertThat(run.stdout() + run.stderr()).as(output).doesNotContain("NoClassDefFoundError")
                    .doesNotContain("ClassNotFoundException");
        });
    }

    @Test
    void preSignUp_decidesSampleEvents_fromTheJar_withItsDomainListAndMetrics() throws Exception {
        Run run = runs.get(PRE_SIGN_UP);
        List<String> answers = answers(run);

        assertThat(answers).as(run.stdout() + run.stderr()).hasSize(1 + MORE_PRE_SIGN_UP_EVENTS.size());
        assertThat(Json.parse(answers.get(1).substring("response ".length())).path("response").has("autoConfirmUser")).isTrue();
        // The disposable-domain list is a resource of the jar: the refusal proves it was found.
        assertThat(answers.get(2)).startsWith("error ").endsWith("Sign-up is not possible with this email address.");
        List<JsonNode> logs = jsonLines(run.stdout());
        assertThat(logs).anyMatch(l -> "probe-request".equals(l.path("AWSRequestId").asText())
                && "PreSignUp".equals(l.path("function").asText()));
        assertThat(logs).as("embedded-metric-format document").anyMatch(l -> l.has("_aws"));
    }

    @Test
    void api_answersHealth_createsTheCallerOnGetMe_refusesAnIdToken_andInvitesThroughCognito_fromTheJar() throws Exception {
        Run run = runs.get(API_HANDLER);
        List<String> answers = answers(run);
        String output = run.stdout() + run.stderr();

        assertThat(answers).as(output).hasSize(1 + MORE_API_EVENTS.size());
        assertThat(answers.get(0)).as(output).startsWith("response status=200 body=");
        assertThat(Json.parse(answers.get(0).substring("response status=200 body=".length())).path("status").asText()).isEqualTo("ok");
        assertThat(answers.get(1)).as(output).startsWith("response status=200 body=");
        JsonNode me = Json.parse(answers.get(1).substring("response status=200 body=".length()));
        assertThat(me.path("cognitoSub").asText()).isEqualTo(API_CALLER_SUB);
        assertThat(me.path("memberships")).as("the personal workspace provisioning created").hasSize(1);
        // An ID token of a configured client passes HTTP API's JWT authorizer; the function refuses it.
        assertThat(answers.get(2)).as(output).startsWith("response status=401 ");
        // The invitation went through the jar's Cognito client to AdminCreateUser, and the app row was written.
        assertThat(answers.get(3)).as(output).startsWith("response status=201 body=");
        assertThat(Json.parse(answers.get(3).substring("response status=201 body=".length())).path("cognitoSub").asText())
                .isEqualTo(INVITED_SUB);
        cognito.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminCreateUser")));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             java.sql.PreparedStatement s = c.prepareStatement("SELECT id::text FROM app_users WHERE cognito_sub = ?")) {
            s.setString(1, API_CALLER_SUB);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("GET /me created the caller's row").isTrue();
                assertThat(rs.getString(1)).isEqualTo(me.path("appUserId").asText());
            }
        }
    }

    @Test
    void logging_comesUpInEveryArtifact_asJsonThroughTheLambdaAppender_withoutComplaints() {
        for (String artifact : jars.keySet()) {
            List<Run> ofArtifact = runs.entrySet().stream().filter(r -> artifactOf(r.getKey()).equals(artifact))
                    .map(Map.Entry::getValue).toList();
            assertThat(ofArtifact).as(artifact).isNotEmpty().allSatisfy(run -> {
                assertThat(run.probeLines())
                        .contains("slf4j org.apache.logging.slf4j.Log4jLoggerFactory")
                        .contains("appender Lambda com.amazonaws.services.lambda.runtime.log4j2.LambdaAppender");
                assertThat(run.stderr()).as("log4j's own complaints").doesNotMatch(LOG4J_PROBLEMS);
            });
            assertThat(ofArtifact.stream().flatMap(run -> jsonLines(run.stdout()).stream()))
                    .as("a JSON log line of the suite's code from %s", artifact)
                    .anyMatch(l -> !l.path("level").asText().isEmpty()
                            && l.path("logger").asText().startsWith("io.cognitosuite."));
        }
    }

    /** The probe's answer lines, one per event: {@code response …} or {@code error …}. */
    private static List<String> answers(Run run) {
        return run.probeLines().stream().filter(l -> l.startsWith("response ") || l.startsWith("error ")).toList();
    }

    private static List<JsonNode> jsonLines(String stdout) {
        List<JsonNode> lines = new ArrayList<>();
        stdout.lines().filter(l -> l.startsWith("{")).forEach(l -> {
            try {
                lines.add(Json.parse(l));
            } catch (Exception e) {
                throw new AssertionError("a log line is not one JSON document: " + l, e);
            }
        });
        return lines;
    }

    @Test
    void firstEvents_reachedTheRealServers() throws Exception {
        assertThat(cloudFormationAnswers).hasSize(1);
        assertThat(cloudFormationMethods).containsExactly("PUT");
        JsonNode answer = Json.parse(cloudFormationAnswers.get(0));
        assertThat(answer.path("Status").asText()).as(answer.toString()).isEqualTo("SUCCESS");
        // Flyway found its PostgreSQL support through the merged service files, and the SQL files in the jar.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(answer.path("Data").path("MigrationsExecuted").asLong()).isPositive();
        }
        cognito.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser")));
        assertThat(sqsClient.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "1");
        assertThat(eventBridge.calls()).as("PutEvents calls of the consumer's relay pass and the relay").isNotEmpty();
    }

    @Test
    void everyLibraryInEachJar_isLoadedByItsHandlers_orAllowListedWithAReason() throws Exception {
        StringBuilder table = new StringBuilder("| artifact | library | classes loaded / in the library |\n|---|---|---|\n");
        Map<String, List<String>> neverLoaded = new TreeMap<>();
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            List<Library> libraries = ArtifactLibraries.of(jar.getValue());
            Map<String, Integer> counts = loadedPerLibrary(jar.getKey(), libraries);
            for (Library library : libraries) {
                int count = counts.getOrDefault(library.name(), 0);
                table.append("| ").append(jar.getKey().replace("cognito-suite-", "").replace("-lambda.jar", ""))
                        .append(" | ").append(library.name()).append(" | ").append(count).append(" / ")
                        .append(library.classes().size()).append(" |\n");
                if (count == 0 && !NEVER_LOADED.get(jar.getKey()).containsKey(library.name())) {
                    neverLoaded.computeIfAbsent(jar.getKey(), k -> new ArrayList<>()).add(library.name());
                }
            }
        }
        Path report = Path.of(System.getProperty("cognito-suite.repository"), "deploy", "target", "artifact-libraries.md");
        Files.writeString(report, table);
        System.out.println(table);

        assertThat(neverLoaded).as("libraries shaded into a jar that none of its handlers loads (table in %s)", report).isEmpty();
    }

    @Test
    void everyClassLoadedFromAJar_belongsToALibraryItsBuildNamed() throws Exception {
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Map<String, String> owners = ArtifactLibraries.byClass(ArtifactLibraries.of(jar.getValue()));
            assertThat(loaded.get(jar.getKey())).as("classes of %s from no listed library", jar.getKey())
                    .isNotEmpty().allMatch(owners::containsKey);
        }
    }

    @Test
    void allowList_namesOnlyLibrariesOfTheJarThatAreNeverLoaded() throws Exception {
        assertThat(NEVER_LOADED.keySet()).containsExactlyInAnyOrderElementsOf(jars.keySet());
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            List<Library> libraries = ArtifactLibraries.of(jar.getValue());
            Map<String, Integer> counts = loadedPerLibrary(jar.getKey(), libraries);
            for (String allowed : NEVER_LOADED.get(jar.getKey()).keySet()) {
                assertThat(libraries).as("allow-listed for %s", jar.getKey()).extracting(Library::name).contains(allowed);
                assertThat(counts.getOrDefault(allowed, 0)).as("%s is loaded in %s now: drop it from the allow-list",
                        allowed, jar.getKey()).isZero();
            }
        }
    }

    private static Map<String, Integer> loadedPerLibrary(String artifact, List<Library> libraries) {
        Map<String, String> owners = ArtifactLibraries.byClass(libraries);
        Map<String, Integer> counts = new TreeMap<>();
        for (String type : loaded.get(artifact)) {
            String owner = owners.get(type);
            if (owner != null) {
                counts.merge(owner, 1, Integer::sum);
            }
        }
        return counts;
    }
}
