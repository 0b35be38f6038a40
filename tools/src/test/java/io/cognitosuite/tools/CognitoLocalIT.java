package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * A user through a real Cognito emulator: cognito-local (installed from npm into {@code target/}) calls
 * the local stack's triggers over the Lambda Invoke API, as Cognito calls the deployed functions; the
 * test drives it with the AWS SDK's Cognito client. Skipped when Node.js or npm is not installed.
 */
class CognitoLocalIT {
    private static final Path BUILD = Path.of("target");
    /** cognito-local issues this code for every confirmation (its {@code CODE} variable), so the test can confirm. */
    private static final String CONFIRMATION_CODE = "246810";
    private static final String PASSWORD = "Correct-Horse-9-Battery";
    private static final Duration PROVISIONING_WAIT = Duration.ofSeconds(15);

    private static LocalSuite suite;
    private static InvokeEndpoint endpoint;
    private static SqsEventSourcePoller poller;
    private static CognitoLocal emulator;
    private static CognitoIdentityProviderClient cognito;
    /** Why the tests cannot run here (no Node.js or npm), or null when they can. */
    private static String missing;
    /** Every event the emulator sent, in order, with the function it went to: checks what the README says it sends. */
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    private record Received(String function, JsonNode event) {
    }

    @BeforeAll
    static void start() throws Exception {
        if (!CognitoLocal.available("node")) {
            missing = "the Cognito emulator test needs Node.js, and `node --version` did not run (install Node 20+ to run it)";
            return;
        }
        if (!CognitoLocal.available("npm")) {
            missing = "the Cognito emulator test installs cognito-local with npm, and `npm --version` did not run";
            return;
        }
        long started = System.nanoTime();
        Path entry = CognitoLocal.install(BUILD.resolve("cognito-local"));
        long installed = System.nanoTime();
        suite = LocalSuite.start(LocalSuite.Options.defaults(), Map.of(), LocalSuite.Progress.silent());
        Map<String, LocalFunction> recording = new HashMap<>();
        suite.functions().forEach((name, function) -> recording.put(name, (event, context) -> {
            RECEIVED.add(new Received(name, Json.parse(new String(event, StandardCharsets.UTF_8))));
            return function.invoke(event, context);
        }));
        endpoint = InvokeEndpoint.start(recording, 0);
        poller = suite.eventSource().start();
        emulator = CognitoLocal.start(entry, BUILD.resolve("cognito-local-runs"), endpoint.uri(), CONFIRMATION_CODE);
        cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        System.out.printf(Locale.ROOT, "cognito-local %s: installed or found in %d ms, stack and emulator up in %d ms%n",
                CognitoLocal.VERSION, (installed - started) / 1_000_000, (System.nanoTime() - installed) / 1_000_000);
    }

    /**
     * The assumption sits here rather than in {@code @BeforeAll}: Maven's test report counts a class
     * aborted there as zero tests, without the reason; aborted here, each test is reported skipped with it.
     */
    @BeforeEach
    void needsNodeAndNpm() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        // Close only what was started (nothing without Node), the node process first.
        if (cognito != null) {
            cognito.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (poller != null) {
            poller.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void userSignsUpConfirmsSignsInAndRefreshes_andTheIdTokenCarriesTheDatabasesRole() throws Exception {
        // given a user pool and an app client, created through the emulator's API
        PoolClient pool = newPoolClient();
        String email = "ada+" + UUID.randomUUID() + "@example.com";

        // when the user signs up (PreSignUp allows it)
        SignUpResponse signUp = cognito.signUp(b -> b.clientId(pool.clientId()).username(email).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(email).build()));
        String sub = signUp.userSub();

        // then the user waits for confirmation, and no app user exists yet (PreSignUp never writes)
        assertThat(signUp.userConfirmed()).as("confirmed at sign-up").isFalse();
        assertThat(sub).isNotBlank();
        assertThat(appUser(sub)).as("app_users row before confirmation").isEmpty();

        // when the user confirms with the code (PostConfirmation publishes user.confirmed)
        cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username(email).confirmationCode(CONFIRMATION_CODE));

        // then the consumer provisions the app user and a personal workspace
        Map<String, Object> row = awaitAppUser(sub);
        assertThat(row).containsEntry("email", email).containsEntry("role", "user").containsEntry("billing_plan", "free")
                .containsEntry("sign_in_count", 0)
                .as("cognito-local does not mark the email verified on ConfirmSignUp (see README)")
                .containsEntry("email_verified", false);
        String appUserId = row.get("id").toString();
        String workspaceId = personalWorkspace(appUserId);

        // when the user signs in with the password
        AuthenticationResultType signIn = cognito.initiateAuth(b -> b.clientId(pool.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD)))
                .authenticationResult();

        // then PostAuthentication recorded the sign-in (cognito-local ignores its errors, so look in the database)
        assertThat(appUser(sub)).containsEntry("sign_in_count", 1).extractingByKey("last_sign_in_at").isNotNull();
        // and PreTokenGeneration (a V1 event: cognito-local sends no scopes) put the app claims into the ID token
        JsonNode idToken = payload(signIn.idToken());
        assertThat(idToken.path("sub").asText()).isEqualTo(sub);
        assertThat(idToken.path("aud").asText()).isEqualTo(pool.clientId());
        assertThat(idToken.path("token_use").asText()).isEqualTo("id");
        assertThat(idToken.path("app_user_id").asText()).isEqualTo(appUserId);
        assertThat(idToken.path("app_role").asText()).isEqualTo("user");
        assertThat(idToken.path("app_plan").asText()).isEqualTo("free");
        assertThat(idToken.path("app_workspaces").asText()).isEqualTo(workspaceId + ":owner");
        // and the access token is cognito-local's own: it applies pre-token claims to the ID token only (see README)
        JsonNode accessToken = payload(signIn.accessToken());
        assertThat(accessToken.path("token_use").asText()).isEqualTo("access");
        assertThat(accessToken.path("sub").asText()).isEqualTo(sub);
        assertThat(accessToken.has("app_role")).as("app_role in the access token").isFalse();
        // and it asked once for this sign-in, with version "0" and no scopes (so the trigger answers as for V1)
        List<JsonNode> tokenEvents = received(pool, LocalSuite.PRE_TOKEN_GENERATION);
        assertThat(tokenEvents).hasSize(1);
        assertThat(tokenEvents.get(0).path("triggerSource").asText()).isEqualTo("TokenGeneration_Authentication");
        assertThat(tokenEvents.get(0).path("version").asText()).isEqualTo("0");
        assertThat(tokenEvents.get(0).at("/request/scopes").isMissingNode()).as("request.scopes sent").isTrue();

        // when an administrator changes the role in the database and the app refreshes the tokens
        int updated = suite.database().withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE app_users SET role = 'admin' WHERE cognito_sub = ?")) {
                s.setString(1, sub);
                return s.executeUpdate();
            }
        });
        assertThat(updated).isEqualTo(1);
        AuthenticationResultType refreshed = cognito.initiateAuth(b -> b.clientId(pool.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", signIn.refreshToken())))
                .authenticationResult();

        // then the new ID token says admin, for the same app user, and a refresh is not a sign-in
        JsonNode refreshedIdToken = payload(refreshed.idToken());
        assertThat(refreshedIdToken.path("app_role").asText()).isEqualTo("admin");
        assertThat(refreshedIdToken.path("app_user_id").asText()).isEqualTo(appUserId);
        assertThat(refreshedIdToken.path("sub").asText()).isEqualTo(sub);
        assertThat(appUser(sub)).containsEntry("sign_in_count", 1);
        assertThat(received(pool, LocalSuite.PRE_TOKEN_GENERATION)).extracting(e -> e.path("triggerSource").asText())
                .containsExactly("TokenGeneration_Authentication", "TokenGeneration_RefreshTokens");
        assertThat(received(pool, LocalSuite.POST_AUTHENTICATION)).hasSize(1);
    }

    @Test
    void signUpWithADisposableAddress_isRefusedWithPreSignUpsSentence() {
        // given
        PoolClient pool = newPoolClient();

        // when / then: the emulator shows the trigger's error as Cognito does, "<Trigger> failed with error <message>"
        assertThatThrownBy(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("someone@mailinator.com")
                .password(PASSWORD)))
                .as(emulator.logTail())
                .isInstanceOf(UserLambdaValidationException.class)
                .hasMessageContaining("PreSignUp failed with error " + PreSignUpService.REFUSED);
    }

    private record PoolClient(String userPoolId, String clientId) {
    }

    private static List<JsonNode> received(PoolClient pool, String function) {
        return RECEIVED.stream().filter(r -> r.function().equals(function))
                .map(Received::event).filter(e -> pool.userPoolId().equals(e.path("userPoolId").asText())).toList();
    }

    /** A pool shaped like the template's: email as the user name, email verified by a code. */
    private static PoolClient newPoolClient() {
        String poolId = cognito.createUserPool(b -> b.poolName("cognito-suite-it-" + UUID.randomUUID())
                .usernameAttributes(UsernameAttributeType.EMAIL).autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String clientId = cognito.createUserPoolClient(b -> b.userPoolId(poolId).clientName("web").generateSecret(false)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        return new PoolClient(poolId, clientId);
    }

    /** The claims of a JWT, read without verifying it (the emulator signs with its own published test key). */
    private static JsonNode payload(String jwt) throws Exception {
        assertThat(jwt).as("token").isNotBlank();
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("JWT parts").hasSize(3);
        return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** Polls until the consumer has written the row, at most {@link #PROVISIONING_WAIT}. */
    private static Map<String, Object> awaitAppUser(String sub) throws InterruptedException {
        long deadline = System.nanoTime() + PROVISIONING_WAIT.toNanos();
        Map<String, Object> row = appUser(sub);
        while (row.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            row = appUser(sub);
        }
        assertThat(row).as("app_users row " + PROVISIONING_WAIT.toSeconds() + " s after confirmation; cognito-local log:\n"
                + emulator.logTail()).isNotEmpty();
        return row;
    }

    private static Map<String, Object> appUser(String sub) {
        return suite.database().withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, email, email_verified, role, billing_plan, "
                    + "sign_in_count, last_sign_in_at FROM app_users WHERE cognito_sub = ?")) {
                s.setString(1, sub);
                try (ResultSet rs = s.executeQuery()) {
                    Map<String, Object> row = new HashMap<>();
                    if (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                        }
                    }
                    return row;
                }
            }
        });
    }

    private static String personalWorkspace(String appUserId) {
        return suite.database().withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id FROM workspaces WHERE owner_user_id = ?::uuid AND personal")) {
                s.setString(1, appUserId);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("personal workspace").isTrue();
                    String id = rs.getString(1);
                    assertThat(rs.next()).as("a second personal workspace").isFalse();
                    return id;
                }
            }
        });
    }
}
