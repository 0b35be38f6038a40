package io.cognitosuite.tools.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.cognitosuite.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local gateway on loopback against tokens of its own issuer ({@link LocalIssuer}, found by OIDC discovery) and
 * of a second issuer whose keys are on WireMock (found as Cognito's, at {issuer}/.well-known/jwks.json), with a stub
 * function that records the event it gets. Every refusal is checked for API Gateway's status, body and
 * {@code www-authenticate}, and for the function not having run.
 */
class LocalGatewayIT {
    static final String SUB = "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c";
    static final String CLIENT = LocalIssuer.DEFAULT_CLIENT_ID;
    static final String SECOND_CLIENT = "secondpoolclient";
    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";

    @TempDir
    static Path state;
    static LocalIssuer issuer;
    static LocalGateway gateway;
    static WireMockServer secondIssuerServer;
    static String secondIssuer;
    static RSAKey secondKey;
    static LocalGateway secondGateway;
    static final AtomicReference<APIGatewayV2HTTPEvent> received = new AtomicReference<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = TestKeyPairs.issuer(state, List.of(CLIENT));
        JwtAuthorizerSettings own = JwtAuthorizerSettings.of(issuer.issuer(), Set.of(CLIENT),
                OidcDiscovery.jwksUri(issuer.issuer()));
        gateway = LocalGateway.start(GatewayRoutes.API, new JwtAuthorizer(own), LocalGatewayIT::echo, 0, 4096);

        secondKey = TestKeyPairs.next("second-pool-key");
        secondIssuerServer = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        secondIssuerServer.start();
        secondIssuer = "http://127.0.0.1:" + secondIssuerServer.port() + "/eu-west-1_Second2";
        secondIssuerServer.stubFor(get("/eu-west-1_Second2/.well-known/openid-configuration")
                .willReturn(aResponse().withStatus(404)));
        secondIssuerServer.stubFor(get("/eu-west-1_Second2/.well-known/jwks.json").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(secondKey.toPublicJWK()).toString(true))));
        secondGateway = LocalGateway.start(GatewayRoutes.API, new JwtAuthorizer(JwtAuthorizerSettings.of(secondIssuer,
                Set.of(SECOND_CLIENT), OidcDiscovery.jwksUri(secondIssuer))), LocalGatewayIT::echo, 0);
    }

    @AfterAll
    static void stop() {
        if (secondGateway != null) {
            secondGateway.close();
        }
        if (secondIssuerServer != null) {
            secondIssuerServer.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @BeforeEach
    void forgetTheLastEvent() {
        received.set(null);
    }

    /** The stub API function: records the event, answers with a header, a cookie and a body; "explode" throws. */
    static APIGatewayV2HTTPResponse echo(APIGatewayV2HTTPEvent event) {
        received.set(event);
        if (event.getPathParameters() != null && "explode".equals(event.getPathParameters().get("id"))) {
            throw new IllegalStateException("boom");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json", "x-echo", "yes"))
                .withCookies(List.of("session=abc; Path=/")).withBody("{\"ok\":true}").build();
    }

    static TokenRequest user() {
        return TokenRequest.of(SUB, CLIENT).withGroups("admin", "support");
    }

    static HttpResponse<String> call(LocalGateway target, String method, String pathAndQuery, String authorization)
            throws Exception {
        return call(target, method, pathAndQuery, authorization, null, null);
    }

    static HttpResponse<String> call(LocalGateway target, String method, String pathAndQuery, String authorization,
                                     String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.uri() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertUnauthorized(HttpResponse<String> response, String description) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue(
                "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"");
        assertThat(received.get()).as("the function must not run").isNull();
    }

    /** A token of the local issuer's active key with these claims changed. */
    static String localTokenWith(java.util.function.UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet base = SignedJWT.parse(issuer.accessToken(user())).getJWTClaimsSet();
        return CognitoTokens.sign(issuer.keys().active(), change.apply(new JWTClaimsSet.Builder(base)).build());
    }

    static String secondIssuerToken(String iss, String clientId) {
        Instant now = Instant.now();
        return CognitoTokens.sign(secondKey, new JWTClaimsSet.Builder().subject(SUB).issuer(iss)
                .claim("client_id", clientId).claim("token_use", "access").claim("scope", "api/read")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build());
    }

    // --- the good path: the event as HTTP API renders it -------------------------------------------------------

    @Test
    void aValidAccessToken_reachesTheFunction_withThePayload2EventHttpApiWouldSend() throws Exception {
        // given a token with groups, and a request with a path parameter, a repeated query, headers and cookies
        String token = issuer.accessToken(user());
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.uri() + "/workspaces/w-1?a=1&a=2&b=x%20y"))
                .header("Authorization", "Bearer " + token).header("X-Custom-Header", "v1")
                .header("Cookie", "c1=v1; c2=v2").GET().build();

        // when
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        // then the function's answer comes back as it gave it
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("x-echo")).hasValue("yes");
        assertThat(response.headers().firstValue("set-cookie")).hasValue("session=abc; Path=/");
        // and the event is payload 2.0
        APIGatewayV2HTTPEvent event = received.get();
        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("GET /workspaces/{id}");
        assertThat(event.getRawPath()).isEqualTo("/workspaces/w-1");
        assertThat(event.getRawQueryString()).isEqualTo("a=1&a=2&b=x%20y");
        assertThat(event.getQueryStringParameters()).isEqualTo(Map.of("a", "1,2", "b", "x y"));
        assertThat(event.getPathParameters()).isEqualTo(Map.of("id", "w-1"));
        assertThat(event.getHeaders()).containsEntry("x-custom-header", "v1")
                .containsEntry("authorization", "Bearer " + token).doesNotContainKey("cookie")
                .allSatisfy((name, value) -> assertThat(name).isLowerCase());
        assertThat(event.getCookies()).containsExactly("c1=v1", "c2=v2");
        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getRouteKey()).isEqualTo("GET /workspaces/{id}");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getHttp().getMethod()).isEqualTo("GET");
        assertThat(context.getHttp().getPath()).isEqualTo("/workspaces/w-1");
        assertThat(context.getRequestId()).matches("[A-Za-z0-9+/=]{16}")
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        // and the claims are strings, rendered as HTTP API renders them; no scopes on a route without scopes
        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        JWTClaimsSet minted = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims).containsEntry("sub", SUB)
                .containsEntry("iss", issuer.issuer())
                .containsEntry("client_id", CLIENT)
                .containsEntry("token_use", "access")
                .containsEntry("scope", "aws.cognito.signin.user.admin")
                .containsEntry("username", SUB)
                .containsEntry("cognito:groups", "[admin support]")
                .containsEntry("version", "2")
                .containsEntry("exp", Long.toString(minted.getExpirationTime().toInstant().getEpochSecond()))
                .containsEntry("iat", Long.toString(minted.getIssueTime().toInstant().getEpochSecond()))
                .containsEntry("auth_time", Long.toString(minted.getIssueTime().toInstant().getEpochSecond()))
                .containsKeys("jti", "origin_jti", "event_id");
        assertThat(context.getAuthorizer().getJwt().getScopes()).isNull();
    }

    @Test
    void theTokenAlone_withoutBearer_isAcceptedToo_asTheIdentitySourceAllows() throws Exception {
        assertThat(call(gateway, "GET", "/me", issuer.accessToken(user())).statusCode()).isEqualTo(200);
        assertThat(call(gateway, "GET", "/me", "bearer " + issuer.accessToken(user())).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminRoute_withTheScope_getsTheTokensScopes_andATextBody() throws Exception {
        String token = issuer.accessToken(user().withScopes("api/admin", "api/read"));

        HttpResponse<String> response = call(gateway, "POST", "/admin/users", "Bearer " + token,
                "application/json; charset=utf-8", "{\"email\":\"ada@example.com\"}".getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayV2HTTPEvent event = received.get();
        assertThat(event.getRouteKey()).isEqualTo("POST /admin/users");
        assertThat(event.getRequestContext().getAuthorizer().getJwt().getScopes()).containsExactly("api/admin", "api/read");
        assertThat(event.getRequestContext().getAuthorizer().getJwt().getClaims()).containsEntry("scope", "api/admin api/read");
        assertThat(event.getBody()).isEqualTo("{\"email\":\"ada@example.com\"}");
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getPathParameters()).isNull();
        assertThat(event.getQueryStringParameters()).isNull();
    }

    @Test
    void aBinaryBody_isBase64Encoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff};

        HttpResponse<String> response = call(gateway, "PUT", "/admin/users/" + SUB + "/role",
                "Bearer " + issuer.accessToken(user().withScopes("api/admin")), "application/octet-stream", bytes);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received.get().getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(received.get().getBody())).isEqualTo(bytes);
        assertThat(received.get().getPathParameters()).isEqualTo(Map.of("sub", SUB));
    }

    @Test
    void theOpenHealthRoute_needsNoToken_andCarriesNoAuthorizer() throws Exception {
        HttpResponse<String> response = call(gateway, "GET", "/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received.get().getRouteKey()).isEqualTo("GET /health");
        assertThat(received.get().getRequestContext().getAuthorizer()).isNull();
    }

    @Test
    void aTokenExpiredWithinTheClockSkew_isStillAccepted() throws Exception {
        String token = localTokenWith(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10))));

        assertThat(call(gateway, "GET", "/me", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    // --- refusals: what API Gateway answers ------------------------------------------------------------------

    @Test
    void noAuthorizationHeader_is401_withABareBearerChallenge() throws Exception {
        HttpResponse<String> response = call(gateway, "GET", "/me", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(received.get()).isNull();
    }

    @Test
    void aMalformedHeader_is401() throws Exception {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer  ")) {
            HttpResponse<String> response = call(gateway, "GET", "/me", header);
            if (header.isBlank() || header.strip().equals("Bearer")) {
                assertThat(response.statusCode()).as(header).isEqualTo(401);
                assertThat(received.get()).isNull();
            } else {
                assertUnauthorized(response, "the Authorization header is not a bearer token");
            }
        }
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer not.a.jwt"), "the token is not a signed JWT");
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer abc"), "the token is not a signed JWT");
    }

    @Test
    void twoAuthorizationHeaders_are401_evenWithAValidTokenInEach_asHttpApiJoinsThemIntoOneValue() throws Exception {
        // given the same valid token twice: HTTP API combines repeated headers with commas before reading the identity
        String header = "Bearer " + issuer.accessToken(user());
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.uri() + "/me")).timeout(Duration.ofSeconds(10))
                .header("Authorization", header).header("Authorization", header).GET().build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertUnauthorized(response, "the Authorization header is not a bearer token");
    }

    @Test
    void aBadSignature_is401() throws Exception {
        // given a valid token whose payload was changed afterwards (another sub)
        String[] parts = issuer.accessToken(user()).split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1])).replace(SUB, "00000000-0000-0000-0000-000000000000").getBytes());

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + parts[0] + "." + otherPayload + "." + parts[2]),
                "the token's signature is invalid");
    }

    @Test
    void anotherIssuer_is401_whetherSignedWithItsKeysOrOurs() throws Exception {
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + localTokenWith(c -> c.issuer(secondIssuer))),
                "the token does not have a valid issuer");
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + localTokenWith(c -> c.issuer(issuer.issuer() + "/"))),
                "the token does not have a valid issuer");
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + secondIssuerToken(secondIssuer, CLIENT)),
                "no key of the issuer matches the token's kid");
    }

    @Test
    void anExpiredToken_is401() throws Exception {
        String token = localTokenWith(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120))));

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + token), "the token has expired");
    }

    @Test
    void aTokenWithoutExp_is401() throws Exception {
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + localTokenWith(c -> c.expirationTime(null))),
                "the token has expired");
    }

    @Test
    void aTokenNotValidYet_orIssuedInTheFuture_is401() throws Exception {
        Date later = Date.from(Instant.now().plusSeconds(300));
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + localTokenWith(c -> c.notBeforeTime(later))),
                "the token is not valid yet");
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + localTokenWith(c -> c.issueTime(later))),
                "the token was issued in the future");
    }

    @Test
    void anIdToken_is401_onEveryRoute() throws Exception {
        String idToken = issuer.idToken(user());

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + idToken), "the token is not an access token");
        assertUnauthorized(call(gateway, "POST", "/admin/users", "Bearer " + idToken), "the token is not an access token");
    }

    @Test
    void anIdTokenForAnotherClient_is401_forItsAudience() throws Exception {
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + issuer.idToken(user().withClientId("someotherclient"))),
                "the token does not have a valid audience");
    }

    @Test
    void anAccessTokenOfAnotherClient_is401() throws Exception {
        String token = issuer.accessToken(user().withClientId("someotherclient"));

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + token), "the token does not have a valid audience");
    }

    @Test
    void anAudThatDoesNotMatch_winsOverAMatchingClientId_asInApiGateway() throws Exception {
        String token = localTokenWith(c -> c.audience("someotherclient"));

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + token), "the token does not have a valid audience");
    }

    @Test
    void aMissingScope_is403Forbidden_andNamesTheRoutesScope() throws Exception {
        String token = issuer.accessToken(user().withScopes("api/read"));

        HttpResponse<String> response = call(gateway, "POST", "/admin/users", "Bearer " + token, "application/json",
                "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer scope=\"api/admin\""
                + " error=\"insufficient_scope\" error_description=\"the token does not have a required scope\"");
        assertThat(received.get()).isNull();
    }

    @Test
    void algNone_andHs256SignedWithThePublicKey_are401() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.accessToken(user())).getJWTClaimsSet();
        String none = new PlainJWT(claims).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.keys().active().getKeyID())
                .build(), claims);
        hmac.sign(new MACSigner(issuer.keys().active().toRSAPublicKey().getEncoded()));

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + none), "the token is not signed with an RSA algorithm");
        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + hmac.serialize()),
                "the token is not signed with an RSA algorithm");
    }

    @Test
    void aTokenWithoutKid_is401() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(issuer.accessToken(user())).getJWTClaimsSet();
        SignedJWT noKid = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        noKid.sign(new com.nimbusds.jose.crypto.RSASSASigner(issuer.keys().active()));

        assertUnauthorized(call(gateway, "GET", "/me", "Bearer " + noKid.serialize()), "the token has no kid");
    }

    @Test
    void anUnknownRoute_is404NotFound_beforeAnyTokenCheck() throws Exception {
        for (String[] request : List.of(new String[] {"GET", "/nope"}, new String[] {"DELETE", "/me"},
                new String[] {"GET", "/workspaces/"}, new String[] {"GET", "/"})) {
            HttpResponse<String> response = call(gateway, request[0], request[1], null);
            assertThat(response.statusCode()).as(request[0] + " " + request[1]).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        }
        assertThat(received.get()).isNull();
    }

    @Test
    void aBodyOverTheLimit_is413() throws Exception {
        HttpResponse<String> response = call(gateway, "POST", "/admin/users",
                "Bearer " + issuer.accessToken(user().withScopes("api/admin")), "application/json", new byte[4097]);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
        assertThat(received.get()).isNull();
    }

    @Test
    void aFunctionThatThrows_is500InternalServerError() throws Exception {
        HttpResponse<String> response = call(gateway, "GET", "/workspaces/explode", "Bearer " + issuer.accessToken(user()));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void theLog_namesRouteStatusAndReason_neverTheTokenOrThePath() throws Exception {
        String good = issuer.accessToken(user());
        String expired = localTokenWith(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120))));
        try (LogCapture logs = LogCapture.start()) {
            call(gateway, "GET", "/workspaces/secret-workspace-id", "Bearer " + good);
            call(gateway, "GET", "/me", "Bearer " + expired);

            assertThat(logs.all()).contains("route=GET /workspaces/{id} status=200")
                    .contains("route=GET /me status=401 reason=expired")
                    .doesNotContain(good).doesNotContain(expired)
                    .doesNotContain(good.split("\\.")[1]).doesNotContain("secret-workspace-id");
        }
    }

    // --- a second issuer, any OIDC issuer ---------------------------------------------------------------------

    @Test
    void aSecondIssuer_onItsOwnJwks_isVerifiedByItsGateway_andRefusedByOurs() throws Exception {
        String token = secondIssuerToken(secondIssuer, SECOND_CLIENT);

        HttpResponse<String> response = call(secondGateway, "GET", "/me", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received.get().getRequestContext().getAuthorizer().getJwt().getClaims())
                .containsEntry("iss", secondIssuer).containsEntry("client_id", SECOND_CLIENT).containsEntry("sub", SUB);
        received.set(null);
        assertUnauthorized(call(secondGateway, "GET", "/me", "Bearer " + issuer.accessToken(user())),
                "no key of the issuer matches the token's kid");
        assertUnauthorized(call(secondGateway, "GET", "/me", "Bearer " + secondIssuerToken(issuer.issuer(), SECOND_CLIENT)),
                "the token does not have a valid issuer");
    }

    @Test
    void discovery_readsTheJwksUriFromTheDiscoveryDocument_orFallsBackToCognitosPath() {
        assertThat(OidcDiscovery.jwksUri(issuer.issuer())).isEqualTo(issuer.jwksUri());
        assertThat(OidcDiscovery.jwksUri(secondIssuer)).hasToString(secondIssuer + "/.well-known/jwks.json");
    }

    @Test
    void discovery_refusesADocumentNamingAnotherIssuer() {
        secondIssuerServer.stubFor(get("/eu-west-1_Liar/.well-known/openid-configuration").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"issuer\":\"https://elsewhere.example\",\"jwks_uri\":\"https://elsewhere.example/jwks\"}")));

        assertThatThrownBy(() -> OidcDiscovery.jwksUri("http://127.0.0.1:" + secondIssuerServer.port() + "/eu-west-1_Liar"))
                .isInstanceOf(OidcDiscovery.DiscoveryException.class).hasMessageContaining("another issuer");
    }

    // --- key rotation ----------------------------------------------------------------------------------------

    @Test
    void aRotatedKey_isPickedUp_theOldOneStaysUntilItsTokensExpire_andAnUnknownKidIsRefused(@TempDir Path own)
            throws Exception {
        // given an issuer of its own, a gateway that has fetched its keys once, and a token of the first key
        try (LocalIssuer rotating = TestKeyPairs.issuer(own, List.of(CLIENT));
             LocalGateway rotatingGateway = LocalGateway.start(GatewayRoutes.API,
                     new JwtAuthorizer(rotating.authorizerSettings()), LocalGatewayIT::echo, 0)) {
            String beforeRotation = rotating.accessToken(user());
            assertThat(call(rotatingGateway, "GET", "/me", "Bearer " + beforeRotation).statusCode()).isEqualTo(200);
            String oldKid = rotating.keys().active().getKeyID();

            // when another process (cognito-suite token --rotate-key) rotates the key in the shared file
            RSAKey fresh = TestKeyPairs.signingKeys(own.resolve(LocalIssuer.DIRECTORY)).rotate();
            String afterRotation = rotating.accessToken(user());

            // then tokens of the new kid are accepted (the gateway refetches the JWKS for an unknown kid)
            assertThat(SignedJWT.parse(afterRotation).getHeader().getKeyID()).isEqualTo(fresh.getKeyID()).isNotEqualTo(oldKid);
            assertThat(call(rotatingGateway, "GET", "/me", "Bearer " + afterRotation).statusCode()).isEqualTo(200);
            // and the old key's tokens still are: it stays in the JWKS, with an expiry a token lifetime away
            assertThat(call(rotatingGateway, "GET", "/me", "Bearer " + beforeRotation).statusCode()).isEqualTo(200);
            assertThat(rotating.keys().publicKeys().getKeys()).extracting(k -> k.getKeyID())
                    .containsExactly(fresh.getKeyID(), oldKid);
            assertThat(rotating.keys().publicKeys().getKeyByKeyId(oldKid).getExpirationTime()).isNotNull();
            // and a kid the issuer never had is refused (its refetch is rate-limited, too)
            RSAKey stranger = TestKeyPairs.next("never-published");
            JWTClaimsSet claims = SignedJWT.parse(rotating.accessToken(user())).getJWTClaimsSet();
            received.set(null);
            assertUnauthorized(call(rotatingGateway, "GET", "/me", "Bearer " + CognitoTokens.sign(stranger, claims)),
                    "no key of the issuer matches the token's kid");
        }
    }
}
