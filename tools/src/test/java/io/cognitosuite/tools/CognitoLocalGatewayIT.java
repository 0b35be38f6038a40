package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognitosuite.tools.gateway.GatewayRoutes;
import io.cognitosuite.tools.gateway.JwtAuthorizer;
import io.cognitosuite.tools.gateway.JwtAuthorizerSettings;
import io.cognitosuite.tools.gateway.LocalGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * The local gateway with a Cognito emulator as its issuer (what {@code --issuer http://localhost:9229/<pool>} does):
 * tokens cognito-local issues for a signed-in user verify against its JWKS at Cognito's path, their claims reach the
 * function rendered as HTTP API renders them, and its ID token is refused. Skipped without Node.js and npm, or when
 * cognito-local cannot be installed.
 */
class CognitoLocalGatewayIT {
    private static final Path BUILD = Path.of("target");
    private static final String PASSWORD = "Correct-Horse-9-Battery";

    private static CognitoLocal emulator;
    private static CognitoIdentityProviderClient cognito;
    private static String missing;
    private static final AtomicReference<APIGatewayV2HTTPEvent> received = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        if (!CognitoLocal.available("node") || !CognitoLocal.available("npm")) {
            missing = "the emulator-as-issuer test needs Node.js and npm";
            return;
        }
        Path entry;
        try {
            entry = CognitoLocal.install(BUILD.resolve("cognito-local"));
        } catch (IllegalStateException e) {
            missing = "cognito-local could not be installed: " + e.getMessage();
            return;
        }
        emulator = CognitoLocal.startWithoutTriggers(entry, BUILD.resolve("cognito-local-runs"));
        cognito = CognitoIdentityProviderClient.builder().endpointOverride(emulator.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @BeforeEach
    void needsNodeAndNpm() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        if (cognito != null) {
            cognito.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void tokensOfASignedInEmulatorUser_passTheGateway_withClaimsAsHttpApiRendersThem_andItsIdTokenDoesNot()
            throws Exception {
        // given a pool, an app client, a user in a group, signed in with a password
        String poolId = cognito.createUserPool(b -> b.poolName("gateway-it-" + UUID.randomUUID())).userPool().id();
        String clientId = cognito.createUserPoolClient(b -> b.userPoolId(poolId).clientName("web").generateSecret(false)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).userPoolClient().clientId();
        String email = "ada+" + UUID.randomUUID() + "@example.com"; // the emulator's pools sign in by email
        cognito.adminCreateUser(b -> b.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build()));
        cognito.adminSetUserPassword(b -> b.userPoolId(poolId).username(email).password(PASSWORD).permanent(true));
        cognito.createGroup(b -> b.userPoolId(poolId).groupName("admin"));
        cognito.adminAddUserToGroup(b -> b.userPoolId(poolId).username(email).groupName("admin"));
        AuthenticationResultType signIn = cognito.initiateAuth(b -> b.clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD)))
                .authenticationResult();
        // and the gateway with the emulator's pool as its issuer: its tokens' iss is http://127.0.0.1:<port>/<pool>;
        // its discovery document names localhost:9229 whatever its port (cognito-local 5.3.0), so the keys are
        // given at Cognito's path, as the README says
        String issuer = emulator.endpoint() + "/" + poolId;
        JwtAuthorizer authorizer = new JwtAuthorizer(JwtAuthorizerSettings.of(issuer, Set.of(clientId),
                URI.create(issuer + "/.well-known/jwks.json")));
        try (LocalGateway gateway = LocalGateway.start(GatewayRoutes.API, authorizer, CognitoLocalGatewayIT::echo, 0)) {
            // when the access token calls /me
            HttpResponse<String> response = get(gateway, signIn.accessToken());

            // then the function runs with the emulator's claims as strings
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<String, String> claims = received.get().getRequestContext().getAuthorizer().getJwt().getClaims();
            assertThat(claims).containsEntry("iss", issuer).containsEntry("client_id", clientId)
                    .containsEntry("token_use", "access").containsKey("username")
                    .containsEntry("cognito:groups", "[admin]").containsKey("sub");
            assertThat(claims.get("exp")).matches("[0-9]+");
            // and its ID token is refused
            received.set(null);
            assertThat(get(gateway, signIn.idToken()).statusCode()).isEqualTo(401);
            assertThat(received.get()).isNull();
        }
    }

    private static APIGatewayV2HTTPResponse echo(APIGatewayV2HTTPEvent event) {
        received.set(event);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{}").build();
    }

    private static HttpResponse<String> get(LocalGateway gateway, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
