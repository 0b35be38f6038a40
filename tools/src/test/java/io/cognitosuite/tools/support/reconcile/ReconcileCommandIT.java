package io.cognitosuite.tools.support.reconcile;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcSupportAudit;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.tools.CognitoSuiteCli;
import io.cognitosuite.tools.CognitoSuiteCli.Captured;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cognito-suite reconcile} as support runs it, against the pool of {@link ReconcileServiceIT} on WireMock and
 * real PostgreSQL, the connections from the environment: output, exit codes, the resume line, the audit row.
 */
class ReconcileCommandIT {
    private static final String POOL = ReconcileServiceIT.POOL;
    private static WireMockServer wiremock;
    private CognitoPoolStub pool;
    private MigratedDatabase db;


    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
    }

    @AfterAll
    static void stop() {
        wiremock.stop();
    }

    @BeforeEach
    void setUp() {
        wiremock.resetAll();
        pool = new CognitoPoolStub(wiremock);
        db = MigratedDatabase.create("reconcile_cli");
        ReconcileServiceIT.threePages(pool, db);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void reconcile_printsEachMissingUserMasked_andTheSummary_exitsZero_andIsAudited() {
        Captured run = run("reconcile", "--user-pool-id", POOL, "--operator", "ada@support", "--first-backoff-ms", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("page 1: 3 user(s); resume from here with --resume t2")
                .contains("page 3: 2 user(s); last page")
                .containsPattern("provisioned\\s+CONFIRMED\\s+enabled\\s+s-ada\\s+a\\*\\*\\*@example.com")
                .containsPattern("skipped\\s+CONFIRMED\\s+disabled\\s+s-dora")
                .contains("scanned 8, present 1, missing 7, provisioned 3, skipped 4 "
                        + "(DISABLED 1, EXTERNAL_PROVIDER 1, RESET_REQUIRED 1, UNCONFIRMED 1), failed 0")
                .contains("3 page(s), throttled 2 time(s); result ok")
                .doesNotContain("ada@example.com").doesNotContain("dora@example.com");
        AuditEntry row = auditRows().get(0);
        assertThat(row.operator()).isEqualTo("ada@support");
        assertThat(row.action()).isEqualTo("reconcile");
        assertThat(row.result()).isEqualTo("ok");
        assertThat(row.arguments()).containsEntry("userPoolId", POOL).containsEntry("dryRun", "false");
        assertThat(row.counts()).containsEntry("scanned", 8L).containsEntry("provisioned", 3L)
                .containsEntry("skipped.DISABLED", 1L).containsEntry("failed", 0L).containsEntry("throttled", 2L);
        assertThat(row.finishedAt()).isNotNull();
    }

    @Test
    void pageThatKeepsFailing_exitsOne_withTheTokenToResume_andAResumedRunFinishes() {
        pool.failingPage("t3");

        Captured failed = run("reconcile", "--user-pool-id", POOL, "--operator", "ada@support", "--first-backoff-ms", "1");

        assertThat(failed.exit()).isEqualTo(SupportCommand.FAILED);
        assertThat(failed.err()).contains("error: ListUsers failed: InternalErrorException (HTTP 500)")
                .contains("hint: the user pool API failed after its retries")
                .contains("resume with: --resume t3");
        assertThat(failed.out()).contains("provisioned 2").contains("result failed");
        AuditEntry failedRow = auditRows().get(0);
        assertThat(failedRow.result()).isEqualTo("failed");
        assertThat(failedRow.detail()).contains("resume with: --resume t3");
        assertThat(failedRow.counts()).containsEntry("provisioned", 2L).containsEntry("pages", 2L);

        wiremock.resetAll();
        pool.page("t3", null, CognitoPoolStub.user("bob", "s-bob", "CONFIRMED", true, 1_700_000_000L, "bob@example.com"));
        Captured resumed = run("reconcile", "--user-pool-id", POOL, "--operator", "ada@support", "--resume", "t3", "--first-backoff-ms", "1");

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("scanned 1, present 0, missing 1, provisioned 1");
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub IN ('s-ada', 's-fred', 's-bob')")).isEqualTo(3);
        assertThat(auditRows()).hasSize(2);
        assertThat(auditRows().get(0).arguments()).containsEntry("resume", "t3");
    }

    @Test
    void dryRun_json_isOneDocument_writesNoUser_andIsAuditedAsDryRun() throws Exception {
        Captured run = run("reconcile", "--user-pool-id", POOL, "--operator", "ada@support", "--dry-run", "--json",
                "--show-pii", "--first-backoff-ms", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = Json.parse(run.out());
        assertThat(json.path("result").asText()).isEqualTo("dry-run");
        assertThat(json.path("counts").path("would_provision").asLong()).isEqualTo(3);
        assertThat(json.path("skippedByState").path("UNCONFIRMED").asLong()).isEqualTo(1);
        assertThat(json.path("users")).anySatisfy(u -> {
            assertThat(u.path("sub").asText()).isEqualTo("s-ada");
            assertThat(u.path("action").asText()).isEqualTo("would_provision");
            assertThat(u.path("email").asText()).as("--show-pii").isEqualTo("ada@example.com");
        });
        assertThat(run.err()).contains("page 1: 3 user(s); resume from here with --resume t2");
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(1);
        assertThat(auditRows().get(0).result()).isEqualTo("dry-run");
    }

    @Test
    void badOptions_areUsageErrors_exitTwo_withoutTouchingAnything() {
        Captured badSince = run("reconcile", "--user-pool-id", POOL, "--operator", "ada@support", "--since", "last tuesday");
        Captured badPool = run("reconcile", "--user-pool-id", "not a pool", "--operator", "ada@support");

        assertThat(badSince.exit()).isEqualTo(SupportCommand.USAGE);
        assertThat(badSince.err()).contains("error: --since must be a date, an instant or a duration")
                .contains("hint: e.g. --since 7d").doesNotContain("last tuesday");
        assertThat(badPool.exit()).isEqualTo(SupportCommand.USAGE);
        assertThat(badPool.err()).contains("error: --user-pool-id is not a Cognito user pool id").doesNotContain("not a pool");
        assertThat(auditRows()).isEmpty();
        assertThat(wiremock.getAllServeEvents()).isEmpty();
    }

    /**
     * Ctrl-C for real: the CLI in its own JVM, as the launcher runs it, gets SIGTERM (what {@code Process.destroy}
     * sends; Ctrl-C's SIGINT runs the same shutdown hooks) while page 2 is on its way. It finishes that page, prints
     * where to resume, records the token in the audit row, and exits 1.
     */
    @Test
    void stoppedProcess_finishesThePageInHand_printsTheResumeToken_andExitsOne() throws Exception {
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/").atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.PaginationToken",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("t2")))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1").withFixedDelay(1500)
                        .withBody("{\"Users\":[" + CognitoPoolStub.user("fred", "s-fred", "FORCE_CHANGE_PASSWORD", true,
                                1_700_000_000L, "fred@example.com") + "],\"PaginationToken\":\"t3\"}")));
        java.nio.file.Path workDir = java.nio.file.Files.createTempDirectory("reconcile-stop");
        String classpath = "target/classes" + java.io.File.pathSeparator
                + java.nio.file.Files.readString(java.nio.file.Path.of("target", "classpath.txt")).strip();
        ProcessBuilder builder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath.replace("target/classes",
                java.nio.file.Path.of("target", "classes").toAbsolutePath().toString()),
                "io.cognitosuite.tools.CognitoSuiteCli", "reconcile", "--user-pool-id", POOL, "--operator", "ada@support",
                "--first-backoff-ms", "1").directory(workDir.toFile());
        builder.environment().putAll(environment());
        Process cli = builder.start();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(cli.getErrorStream()));
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder printed = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            printed.append(line).append('\n');
            if (line.startsWith("page 1:")) {
                // The CLI prints page 1 before it asks for page 2: stop it only once page 2 is in hand (its request
                // reached the stub, which answers after 1.5 s), or under load the stop can come first and end the
                // run after page 1, which is right too but not what this test is about.
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.PaginationToken",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("t2")))).isEmpty()
                        && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                cli.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of the streams
                break;
            }
        }
        out.lines().forEach(line -> printed.append(line).append('\n'));

        assertThat(cli.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(printed.toString()).isTrue();
        assertThat(cli.exitValue()).as(printed + err.get()).isEqualTo(SupportCommand.FAILED);
        assertThat(printed.toString()).contains("page 2: 1 user(s); resume from here with --resume t3")
                .doesNotContain("page 3:").contains("result interrupted");
        assertThat(err.get()).contains("resume with: --resume t3");
        AuditEntry row = auditRows().get(0);
        assertThat(row.result()).isEqualTo("interrupted");
        assertThat(row.detail()).contains("resume with: --resume t3");
        assertThat(row.counts()).containsEntry("pages", 2L).containsEntry("provisioned", 2L);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, db.coordinates().jdbcUrl());
        env.put(DatabaseSettings.USER, db.coordinates().user());
        env.put(DatabaseSettings.PASSWORD, db.coordinates().password());
        env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", wiremock.baseUrl());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    private Captured run(String... args) {
        return CognitoSuiteCli.capture(environment(), args);
    }

    private List<AuditEntry> auditRows() {
        return new JdbcSupportAudit(db.database()).list(10, "reconcile");
    }
}
