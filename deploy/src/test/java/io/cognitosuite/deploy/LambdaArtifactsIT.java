package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.deploy.template.Template;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jars template.yaml deploys: what they hold, what they must not hold, and how big they may be. */
class LambdaArtifactsIT {
    private static final long MIB = 1024L * 1024;

    /**
     * Per artifact: at most this many bytes, and this many unpacked. Set from the sizes measured on 2026-12-01 after
     * the split (triggers 16.0 MiB, 41.6 MiB unpacked; consumers 15.2 MiB, 37.4 MiB; schema 7.4 MiB, 16.5 MiB) with
     * about half a MiB of room: less than any library an artifact leaves out (Flyway 0.8 MB, the EventBridge client
     * 1.7 MB, the Cognito client 3.7 MB), so one that slips back in fails here too. Before the split both jars were
     * 19.6 MiB (50.8 MiB unpacked). Lambda's own limits are 50 MB for a direct upload and 250 MB unpacked. The API
     * artifact (issue 12) measured 15.4 MiB, 39.3 MiB unpacked on 2026-12-01 with the read and admin routes (built on
     * a merge with the admin branch): the same half MiB of room, less than Flyway (0.8 MB), the SQS
     * client (0.8 MB) or the EventBridge client (1.7 MB) it leaves out.
     */
    static final Map<String, long[]> BUDGETS = Map.of(
            "cognito-suite-triggers-lambda.jar", new long[] {(long) (16.5 * MIB), 44 * MIB},
            "cognito-suite-consumers-lambda.jar", new long[] {(long) (15.75 * MIB), 40 * MIB},
            "cognito-suite-schema-lambda.jar", new long[] {8 * MIB, 18 * MIB},
            "cognito-suite-api-lambda.jar", new long[] {16 * MIB, 40 * MIB});

    /**
     * What each artifact must not hold, beyond {@link #FORBIDDEN_PREFIXES}: what none of its functions calls. The
     * triggers never migrate or publish to EventBridge; the consumers never call Cognito or migrate; the migration
     * answers CloudFormation with the JDK's HTTP client and calls no AWS service; the API reads and writes the
     * database and invites through Cognito, and never migrates, queues or publishes (its events go through the
     * outbox, which the relay publishes), and retries none of its calls (Resilience4j stays out). No other artifact
     * holds the API.
     */
    static final Map<String, List<String>> LEFT_OUT = Map.of(
            "cognito-suite-triggers-lambda.jar", List.of("org/flywaydb/", "io/cognitosuite/schema/",
                    "software/amazon/awssdk/services/eventbridge/", "io/cognitosuite/aws/eventbridge/",
                    "io/cognitosuite/consumers/", "com/amazonaws/services/lambda/runtime/events/",
                    "io/cognitosuite/api/"),
            "cognito-suite-consumers-lambda.jar", List.of("org/flywaydb/", "io/cognitosuite/schema/",
                    "software/amazon/awssdk/services/cognitoidentityprovider/", "io/cognitosuite/aws/cognito/",
                    "io/cognitosuite/triggers/", "io/cognitosuite/api/"),
            "cognito-suite-schema-lambda.jar", List.of("software/amazon/awssdk/", "io/cognitosuite/aws/",
                    "io/cognitosuite/triggers/", "io/cognitosuite/consumers/", "io/cognitosuite/api/"),
            "cognito-suite-api-lambda.jar", List.of("org/flywaydb/", "io/cognitosuite/schema/",
                    "software/amazon/awssdk/services/sqs/", "io/cognitosuite/aws/sqs/",
                    "software/amazon/awssdk/services/eventbridge/", "io/cognitosuite/aws/eventbridge/",
                    "io/cognitosuite/consumers/", "io/cognitosuite/triggers/", "io/github/resilience4j/"));

    /** Development-only or banned code: HTTP clients other than the URL-connection one, test servers, test libraries. */
    static final List<String> FORBIDDEN_PREFIXES = List.of(
            "org/apache/http/", "org/apache/hc/", "io/netty/",
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/",
            "scala/", "org/elasticmq/", "org/apache/pekko/", "io/zonky/",
            "io/cognitosuite/testing/", "io/cognitosuite/postgres/testing/", "io/cognitosuite/tools/", "org/openjdk/jmh/",
            "com/github/tomakehurst/", "org/wiremock/", "org/junit/", "org/assertj/", "org/testcontainers/",
            "org/mockito/");

    private static Template template;
    private static Map<Path, List<String>> artifacts;

    @BeforeAll
    static void load() throws Exception {
        template = Template.fromRepository();
        artifacts = LambdaArtifacts.handlersByArtifact(template);
    }

    @Test
    void template_deploysTheFourArtifacts() {
        assertThat(artifacts.keySet()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("cognito-suite-triggers-lambda.jar", "cognito-suite-consumers-lambda.jar",
                        "cognito-suite-schema-lambda.jar", "cognito-suite-api-lambda.jar");
        artifacts.keySet().forEach(jar -> assertThat(jar).as("built artifact").isRegularFile());
    }

    @Test
    void everyFunctionsHandler_isALambdaHandlerClassOfTheArtifactItsCodeUriNames() throws Exception {
        for (String function : template.functions()) {
            Path jar = template.codeUri(function);
            String handler = template.handlerClass(function);
            assertThat(LambdaArtifacts.entries(jar)).as("%s in %s", handler, jar.getFileName())
                    .contains(handler.replace('.', '/') + ".class");
            // Loaded from the jar alone (the parent sees only the JDK): the handler links against what the
            // artifact holds, not against this module's class path.
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(handler, false, loader);
                Class<?> stream = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
                Class<?> typed = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, loader);
                assertThat(stream.isAssignableFrom(type) || typed.isAssignableFrom(type)).as("%s is a Lambda handler", handler).isTrue();
                assertThat(type.getConstructor()).as("%s has the public no-arg constructor Lambda calls", handler).isNotNull();
            }
        }
    }

    @Test
    void artifacts_holdNoForbiddenDependency() throws Exception {
        for (Path jar : artifacts.keySet()) {
            List<String> forbidden = LambdaArtifacts.entries(jar).stream()
                    .filter(entry -> FORBIDDEN_PREFIXES.stream().anyMatch(entry::startsWith))
                    .limit(20).toList();
            assertThat(forbidden).as("forbidden entries in %s", jar.getFileName()).isEmpty();
        }
    }

    @Test
    void eachArtifact_leavesOutWhatNoneOfItsFunctionsCalls() throws Exception {
        assertThat(LEFT_OUT.keySet()).containsExactlyInAnyOrderElementsOf(
                artifacts.keySet().stream().map(p -> p.getFileName().toString()).toList());
        for (Path jar : artifacts.keySet()) {
            List<String> prefixes = LEFT_OUT.get(jar.getFileName().toString());
            List<String> found = LambdaArtifacts.entries(jar).stream()
                    .filter(entry -> prefixes.stream().anyMatch(entry::startsWith))
                    .limit(20).toList();
            assertThat(found).as("entries %s must leave out", jar.getFileName()).isEmpty();
        }
    }

    @Test
    void artifacts_stayWithinTheirSizeBudget() throws Exception {
        for (Path jar : artifacts.keySet()) {
            long[] budget = BUDGETS.get(jar.getFileName().toString());
            assertThat(budget).as("budget of %s", jar.getFileName()).isNotNull();
            long unpacked;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                unpacked = zip.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
            }
            assertThat(Files.size(jar)).as("%s bytes", jar.getFileName()).isLessThanOrEqualTo(budget[0]);
            assertThat(unpacked).as("%s unpacked bytes", jar.getFileName()).isLessThanOrEqualTo(budget[1]);
        }
    }

    @Test
    void log4jPluginCaches_ofEveryJarThatShipsOne_areMergedIntoOne() throws Exception {
        for (Path jar : artifacts.keySet()) {
            PluginCache cache = new PluginCache();
            URL merged = java.net.URI.create("jar:" + jar.toUri() + "!/META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat").toURL();
            cache.loadCacheFiles(Collections.enumeration(List.of(merged)));
            Map<String, PluginEntry> core = cache.getCategory("core");

            assertThat(core).as("plugins of %s", jar.getFileName())
                    .containsKey("lambda")               // aws-lambda-java-log4j2
                    .containsKey("jsontemplatelayout")   // log4j-layout-template-json
                    .containsKey("patternlayout")        // log4j-core
                    .containsKey("console");
            assertThat(core.get("lambda").getClassName()).isEqualTo("com.amazonaws.services.lambda.runtime.log4j2.LambdaAppender");
        }
    }

    @Test
    void serviceFiles_ofEveryJar_areMerged() throws Exception {
        for (Path jar : artifacts.keySet()) {
            List<String> entries = LambdaArtifacts.entries(jar);
            if (entries.contains("org/flywaydb/core/Flyway.class")) {
                // Flyway finds its PostgreSQL support through ServiceLoader: core and database jars both declare plugins.
                assertThat(LambdaArtifacts.entryText(jar, "META-INF/services/org.flywaydb.core.extensibility.Plugin"))
                        .contains("org.flywaydb.database.postgresql.PostgreSQLDatabaseType")
                        .contains("org.flywaydb.core.internal.resource.CoreResourceTypeProvider");
            }
            assertThat(LambdaArtifacts.entryText(jar, "META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
                    .contains("org.apache.logging.slf4j.SLF4JServiceProvider");
            if (!entries.contains("software/amazon/awssdk/core/SdkClient.class")) {
                continue;
            }
            // The only HTTP client the SDK can find is the URL-connection one.
            assertThat(LambdaArtifacts.entryText(jar, "META-INF/services/software.amazon.awssdk.http.SdkHttpService").lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                    .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
        }
    }

    @Test
    void signatures_ofTheOriginalJars_areLeftOut_andTheJarIsMultiRelease() throws Exception {
        for (Path jar : artifacts.keySet()) {
            assertThat(LambdaArtifacts.entries(jar)).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
                    .doesNotContain("module-info.class");
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            }
        }
    }
}
