package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.json.Json;
import io.cognitosuite.tools.gateway.LocalIssuer;
import io.cognitosuite.tools.gateway.TokenRequest;
import io.cognitosuite.tools.support.UsageException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API as {@code cognito-suite local} serves it: the API function behind the local gateway, with a token printed by
 * {@code cognito-suite token} in "another process" (the same state directory), and with an external OIDC issuer found
 * through its discovery document.
 */
class LocalApiIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalSuite suite;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start(LocalSuite.Options.defaults(), Map.of(), LocalSuite.Progress.silent());
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    void aTokenFromTheTokenCommand_isAcceptedByTheRunningGateway_andTheCallerGetsARow(@TempDir Path state) throws Exception {
        String sub = "5b0c7e2a-9d41-4f6e-8a3b-2c1d0e9f8a7b";
        try (LocalApi api = LocalApi.start(suite, LocalApi.Tokens.local(state), 0, Map.of())) {
            CognitoSuiteCli.Captured token = CognitoSuiteCli.capture(Map.of(), "token", "--sub", sub,
                    "--scope", "api/read", "--state-dir", state.toString());
            assertThat(token.exit()).as(token.err()).isZero();

            HttpResponse<String> me = get(api.gatewayUri(), "/me", token.out().strip());
            HttpResponse<String> anonymous = get(api.gatewayUri(), "/me", null);

            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(Json.parse(me.body()).path("cognitoSub").asText()).isEqualTo(sub);
            assertThat(poolOf(sub)).isEqualTo(LocalIssuer.USER_POOL_ID);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
    }

    @Test
    void anExternalIssuer_isVerifiedThroughItsDiscoveryDocument_andNamesThePoolOfNewUsers(@TempDir Path other)
            throws Exception {
        String sub = "6c1d8f3b-0e52-4a7f-9b4c-3d2e1f0a9b8c";
        try (LocalIssuer external = LocalIssuer.start(other, 0, List.of("externalclientid"), Clock.systemUTC());
             LocalApi api = LocalApi.start(suite, new LocalApi.Tokens(Optional.of(external.issuer()),
                     List.of("externalclientid"), 0, other.resolve("unused")), 0, Map.of())) {
            String good = external.accessToken(TokenRequest.of(sub, "externalclientid"));
            String otherClient = external.accessToken(TokenRequest.of(sub, "notaconfiguredclient"));

            HttpResponse<String> me = get(api.gatewayUri(), "/me", good);
            HttpResponse<String> refused = get(api.gatewayUri(), "/me", otherClient);

            assertThat(api.localIssuer()).isEmpty();
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Files.exists(other.resolve("unused"))).as("no local issuer state is written").isFalse();
        }
    }

    @Test
    void anExternalIssuer_needsAnAudience_andAPoolIdInItsUrl() {
        assertThatThrownBy(() -> LocalApi.start(suite, new LocalApi.Tokens(
                Optional.of("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123"), List.of(), 0, Path.of("x")),
                0, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("app client ids");
        assertThatThrownBy(() -> LocalApi.start(suite, new LocalApi.Tokens(
                Optional.of("https://issuer.example.com/"), List.of("client"), 0, Path.of("x")), 0, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("user pool id");
    }

    private static HttpResponse<String> get(URI gateway, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String poolOf(String sub) {
        return suite.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT user_pool_id FROM app_users WHERE cognito_sub = '" + sub + "'")) {
                assertThat(rs.next()).as("a row for the caller").isTrue();
                return rs.getString(1);
            }
        });
    }
}
