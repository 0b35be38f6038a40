package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import io.cognitosuite.testing.LambdaJars;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.deploy.LambdaArtifacts.Run;
import io.cognitosuite.deploy.template.Template;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Starts code from the Lambda artifacts in child JVMs whose class path is the unpacked artifact alone (as Lambda
 * runs it from /var/task) plus a small probe: logging comes up as configured, every handler is constructed
 * without opening a socket (safe for SnapStart snapshots), and real work succeeds from the jar.
 */
class ArtifactStartupIT {
    private static final String LOG4J_PROBLEMS = "(?s).*(ERROR|Unable to locate plugin|Unrecognized (format specifier|conversion)|"
            + "No appenders could be found|StatusLogger).*";

    @TempDir
    static Path work;

    private static Template template;
    private static Path probe;
    private static final Map<Path, Path> unpacked = new LinkedHashMap<>();

    @BeforeAll
    static void unpack() throws Exception {
        template = Template.fromRepository();
        probe = LambdaArtifacts.probeClasses(work.resolve("probe"));
        for (Path jar : LambdaArtifacts.handlersByArtifact(template).keySet()) {
            String name = jar.getFileName().toString().replace(".jar", "");
            unpacked.put(jar, LambdaJars.unpack(jar, work.resolve(name)));
        }
    }

    static Stream<Path> artifacts() throws Exception {
        return LambdaArtifacts.handlersByArtifact(Template.fromRepository()).keySet().stream();
    }

    private static List<Path> classPath(Path jar) {
        return List.of(unpacked.get(jar), probe);
    }

    private static Path artifactOf(String handler) {
        return template.codeUri(template.functions().stream()
                .filter(f -> template.handlerClass(f).equals(handler)).findFirst().orElseThrow());
    }

    /** What Lambda gives every function, with credentials that could never reach AWS. */
    private static Map<String, String> lambdaEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0");
        environment.put("AWS_SECRET_ACCESS_KEY", "probe-secret");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("LOG_LEVEL", "INFO");
        return environment;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ArtifactStartupIT.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("artifacts")
    void logging_startsWithTheLambdaAppenderAndTheJsonTemplateLayout(Path jar) {
        Run run = LambdaArtifacts.probe(classPath(jar), lambdaEnvironment(), "", "log");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.probeLines())
                .contains("slf4j org.apache.logging.slf4j.Log4jLoggerFactory")
                .contains("appender Lambda com.amazonaws.services.lambda.runtime.log4j2.LambdaAppender");
        JsonNode line = jsonLines(run.stdout()).stream()
                .filter(l -> "probe-message".equals(l.path("message").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON log line in:\n" + run.stdout()));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("io.cognitosuite.deploy.probe.ArtifactProbe");
        assertThat(run.stderr()).as("log4j's own complaints").doesNotMatch(LOG4J_PROBLEMS);
    }

    @Test
    void everyHandler_isConstructedWithoutOpeningASocket_soThatSnapStartSnapshotsHoldNoConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket accepted = listener.accept();
                        connections.incrementAndGet();
                        accepted.close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "probe-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            String local = "127.0.0.1:" + listener.getLocalPort();
            Map<String, String> environment = lambdaEnvironment();
            // Every endpoint a handler could reach points at the listener: the database, SQS, EventBridge, Cognito.
            environment.put("DATABASE_URL", "jdbc:postgresql://" + local + "/app");
            environment.put("DATABASE_USER", "app");
            environment.put("DATABASE_PASSWORD", "probe");
            environment.put("USER_CONFIRMED_QUEUE_URL", "http://" + local + "/000000000000/user-confirmed");
            environment.put("EVENT_BUS_NAME", "cognito-suite-probe");
            environment.put("FEDERATED_ACCOUNTS", "link"); // builds the Cognito client too
            environment.put("AWS_ENDPOINT_URL", "http://" + local);

            for (Map.Entry<Path, List<String>> artifact : LambdaArtifacts.handlersByArtifact(template).entrySet()) {
                List<String> args = new ArrayList<>(List.of("construct"));
                args.addAll(artifact.getValue());
                Run run = LambdaArtifacts.probe(classPath(artifact.getKey()), environment, "", args.toArray(String[]::new));

                assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
                for (String handler : artifact.getValue()) {
                    assertThat(run.probeLines()).contains("constructed " + handler);
                }
            }
        }
        assertThat(connections).as("connections opened while handlers were constructed").hasValue(0);
    }

    @Test
    void preSignUp_decidesSampleEvents_fromTheArtifact() throws Exception {
        String handler = "io.cognitosuite.triggers.presignup.PreSignUpHandler";
        Path jar = artifactOf(handler);

        Run allowed = LambdaArtifacts.probe(classPath(jar), lambdaEnvironment(),
                resource("events/pre-sign-up/sign-up.json"), "invoke", handler);
        Run refused = LambdaArtifacts.probe(classPath(jar), lambdaEnvironment(),
                resource("events/pre-sign-up/sign-up-disposable-email.json"), "invoke", handler);

        String response = allowed.probeLines().stream().filter(l -> l.startsWith("response ")).findFirst()
                .orElseThrow(() -> new AssertionError(allowed.stdout() + allowed.stderr()));
        assertThat(Json.parse(response.substring("response ".length())).path("response").has("autoConfirmUser")).isTrue();
        // The disposable-domain list is a resource of the jar: the refusal proves it was found.
        assertThat(refused.probeLines()).anyMatch(l -> l.startsWith("error ") && l.endsWith("Sign-up is not possible with this email address."));
        List<JsonNode> logs = jsonLines(allowed.stdout());
        assertThat(logs).anyMatch(l -> "probe-request".equals(l.path("AWSRequestId").asText())
                && "PreSignUp".equals(l.path("function").asText()));
        assertThat(logs).as("embedded-metric-format document").anyMatch(l -> l.has("_aws"));
        assertThat(allowed.stderr()).doesNotMatch(LOG4J_PROBLEMS);
    }

    @Test
    void schemaMigration_migratesARealDatabase_fromTheArtifact_andAnswersCloudFormation() throws Exception {
        String handler = EnvironmentContract.MIGRATION_HANDLER;
        DatabaseCoordinates database = TestDatabases.shared().createDatabase("artifact_migration");
        List<String> answers = new CopyOnWriteArrayList<>();
        HttpServer responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrl.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                answers.add(exchange.getRequestMethod() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responseUrl.start();
        try {
            Map<String, String> environment = lambdaEnvironment();
            environment.put("DATABASE_URL", database.jdbcUrl());
            environment.put("DATABASE_USER", database.user());
            environment.put("DATABASE_PASSWORD", database.password());
            String event = Json.write(Map.of(
                    "RequestType", "Create",
                    "ResponseURL", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/response?X-Amz-Signature=x",
                    "StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/cognito-suite-dev/1",
                    "RequestId", "probe-create",
                    "LogicalResourceId", "SchemaMigration",
                    "ResourceType", "Custom::SchemaMigration",
                    "ResourceProperties", Map.of("CodeVersion", "1")));

            Run run = LambdaArtifacts.probe(classPath(artifactOf(handler)), environment, event, "invoke", handler);

            assertThat(run.probeLines()).as(run.stdout() + run.stderr()).anyMatch(l -> l.startsWith("response"));
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0)).startsWith("PUT ");
            JsonNode answer = Json.parse(answers.get(0).substring(4));
            assertThat(answer.path("Status").asText()).as(answer.toString()).isEqualTo("SUCCESS");
            // Flyway found its PostgreSQL support through the merged service files, and the SQL files in the jar.
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(answer.path("Data").path("MigrationsExecuted").asLong()).isPositive();
            }
        } finally {
            responseUrl.stop(0);
        }
    }
}
