package io.cognitosuite.tools.support.users;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.tools.CognitoSuiteCli;
import io.cognitosuite.tools.CognitoSuiteCli.Captured;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code users show} with Cognito answering at the wire level (WireMock), real PostgreSQL and ElasticMQ: the pool's
 * view beside the app's, masked unless --show-pii, and a user the app never provisioned pointed at reconcile. (The
 * dead-letter and failure sections are in the support demo's story, SupportDemoIT.)
 */
class UsersShowIT {
    private static final String POOL = "eu-west-1_Show";
    private static final String ADA = "0b7e4c1a-1111-4aaa-8bbb-000000000001";
    private static final String BOB = "0b7e4c1a-2222-4aaa-8bbb-000000000002";
    private static WireMockServer cognito;
    private static LocalSqs sqs;
    private static DatabaseCoordinates coordinates;


    @BeforeAll
    static void start() {
        cognito = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cognito.start();
        sqs = LocalSqs.start();
        coordinates = TestDatabases.shared().createDatabase("users_show");
        try (Database db = Database.pooled(settings())) {
            Migrations.apply(db.dataSource());
            new JdbcAppUsers(db).provision(List.of(new NewAppUser(POOL, ADA, "ada", "ada@example.com", true, null)),
                    Deadline.none(Clock.systemUTC()));
        }
        listUsers("email = \\\"ada@example.com\\\"", user("ada", ADA, "CONFIRMED", true, "ada@example.com",
                "[{\\\"providerName\\\":\\\"Google\\\",\\\"userId\\\":\\\"10987\\\"}]"));
        listUsers("sub = \\\"" + BOB + "\\\"", user("bob", BOB, "FORCE_CHANGE_PASSWORD", true, "bob@example.com", null));
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminListGroupsForUser"))
                .withRequestBody(containing("\"Username\":\"ada\""))
                .willReturn(json("{\"Groups\":[{\"GroupName\":\"admin\"},{\"GroupName\":\"support\"}]}")));
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminListGroupsForUser"))
                .withRequestBody(containing("\"Username\":\"bob\"")).willReturn(json("{\"Groups\":[]}")));
    }

    @AfterAll
    static void stop() {
        cognito.stop();
        sqs.close();
    }

    @Test
    void byEmail_showsCognitoAndTheAppSideBySide_masked_andSaysProvisioned() throws Exception {
        Captured text = run("users", "show", "ada@example.com", "--user-pool-id", POOL);
        Captured json = run("users", "show", "ada@example.com", "--user-pool-id", POOL, "--json", "--show-pii");

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("Cognito: pool " + POOL).contains("CONFIRMED, enabled").contains("admin, support")
                .contains("identities    Google").contains("a***@example.com (verified)").contains("role / plan   user / free")
                .contains("Personal (owner, personal)").contains("app_user.created v1")
                .contains("verdict: provisioned").doesNotContain("ada@example.com").doesNotContain("10987");
        JsonNode doc = json.json();
        assertThat(doc.path("cognito").path("users").get(0).path("email").asText()).isEqualTo("ada@example.com");
        assertThat(doc.path("appUsers").get(0).path("sub").asText()).isEqualTo(ADA);
        assertThat(doc.path("deadLetters").path("messages")).isEmpty();
    }

    @Test
    void anAdminCreatedUserWithoutARow_isPointedAtReconcile() {
        Captured run = run("users", "show", BOB, "--user-pool-id", POOL);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("FORCE_CHANGE_PASSWORD").contains("app_users: no row")
                .contains("verdict: NOT provisioned, and no message waits: cognito-suite reconcile");
    }

    @Test
    void withoutAPool_cognitoIsNotAsked_andAnEmailWithAQuote_isAUsageError() {
        Captured noPool = run("users", "show", ADA);
        Captured quote = run("users", "show", "a\"b@example.com", "--user-pool-id", POOL);
        Captured neither = run("users", "show", "not a sub!");

        assertThat(noPool.exit()).isZero();
        assertThat(noPool.out()).contains("Cognito: not asked").contains("verdict: provisioned");
        assertThat(quote.exit()).isEqualTo(SupportCommand.USAGE);
        assertThat(quote.err()).contains("cannot be looked up in Cognito").doesNotContain("a\"b");
        assertThat(neither.exit()).isEqualTo(SupportCommand.USAGE);
        cognito.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("a\\\"b")));
    }

    @Test
    void aPoolThatDoesNotAnswer_isSaid_andTheCommandExitsOne() {
        cognito.stubFor(post("/").atPriority(1).withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .withRequestBody(containing("eu-west-1_Broken"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}")));

        Captured run = run("users", "show", ADA, "--user-pool-id", "eu-west-1_Broken");

        assertThat(run.exit()).isEqualTo(SupportCommand.FAILED);
        assertThat(run.out()).contains("Cognito: could not ask pool eu-west-1_Broken").contains("app_users: 1 row(s)");
    }

    @Test
    void sqsThatDoesNotAnswer_isSaid_theRestIsStillShown_andTheCommandExitsOne() throws Exception {
        Map<String, String> env = environment();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:" + closed.getLocalPort());
        }

        Captured run = run(env, "users", "show", "ada@example.com", "--user-pool-id", POOL);

        assertThat(run.exit()).isEqualTo(SupportCommand.FAILED);
        assertThat(run.out()).contains("Cognito: pool " + POOL).contains("app_users: 1 row(s)")
                .contains("dead letters: could not read the queues (");
    }

    private static void listUsers(String filter, String user) {
        cognito.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .withRequestBody(containing(filter)).willReturn(json("{\"Users\":[" + user + "]}")));
    }

    private static String user(String username, String sub, String status, boolean enabled, String email, String identities) {
        String extra = identities == null ? "" : ",{\"Name\":\"identities\",\"Value\":\"" + identities + "\"}";
        return """
                {"Username":"%s","UserStatus":"%s","Enabled":%s,"UserCreateDate":1764500000,"UserLastModifiedDate":1764500000,
                 "Attributes":[{"Name":"sub","Value":"%s"},{"Name":"email","Value":"%s"},{"Name":"email_verified","Value":"true"}%s]}"""
                .formatted(username, status, enabled, sub, email, extra);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static DatabaseSettings settings() {
        return new DatabaseSettings(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 2,
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private static Captured run(String... args) {
        return run(environment(), args);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, coordinates.jdbcUrl());
        env.put(DatabaseSettings.USER, coordinates.user());
        env.put(DatabaseSettings.PASSWORD, coordinates.password());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", cognito.baseUrl());
        env.put("AWS_ENDPOINT_URL_SQS", sqs.server().endpoint().toString());
        return env;
    }

    private static Captured run(Map<String, String> env, String... args) {
        return CognitoSuiteCli.capture(env, args);
    }
}
