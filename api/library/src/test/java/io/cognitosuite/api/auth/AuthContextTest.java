package io.cognitosuite.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthContextTest {
    static final String SUB = "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c";
    static final String CLIENT = "5vnk2h0bq1example7pi8s6v0a";

    static Map<String, String> accessClaims(Consumer<Map<String, String>> change) {
        Map<String, String> claims = new HashMap<>(Map.of("sub", SUB, "token_use", "access", "client_id", CLIENT,
                "scope", "openid api/read"));
        change.accept(claims);
        return claims;
    }

    static AuthContext fromHttpApi(Map<String, String> claims) throws AuthenticationException {
        return AuthContext.from(GatewayClaims.fromHttpApi(Events.httpApi(claims)));
    }

    static UnauthenticatedReason refusalOf(Map<String, String> claims) {
        try {
            AuthContext context = fromHttpApi(claims);
            throw new AssertionError("accepted: " + context);
        } catch (AuthenticationException e) {
            return e.reason();
        }
    }

    @Nested
    class HttpApiPayload2 {
        @Test
        void accessToken_givesTheCallersIdentity_withoutAnAppUserYet() throws Exception {
            APIGatewayV2HTTPEvent event = Events.httpApiSample("http-api-access-token.json");

            AuthContext caller = AuthContext.from(GatewayClaims.fromHttpApi(event));

            assertThat(caller.cognitoSub()).isEqualTo(SUB);
            assertThat(caller.appUserId()).isEmpty();
            assertThat(caller.email()).isEmpty();
            assertThat(caller.groups()).containsExactly("admin", "support");
            assertThat(caller.scopes()).containsExactly("openid", "email", "api/read");
            assertThat(caller.clientId()).isEqualTo(CLIENT);
            assertThat(caller.tokenUse()).isEqualTo("access");
        }

        @Test
        void requestId_isTheGateways() {
            GatewayClaims verified = GatewayClaims.fromHttpApi(Events.httpApiSample("http-api-access-token.json"));

            assertThat(verified.requestId()).contains("JKJaXmPLvHcESHA=");
        }

        @Test
        void scopes_comeFromTheGatewaysList_whenTheTokenHasNoScopeClaim() throws Exception {
            Map<String, String> claims = accessClaims(c -> c.remove("scope"));

            AuthContext caller = AuthContext.from(GatewayClaims.fromHttpApi(Events.httpApi(claims, List.of("api/admin"))));

            assertThat(caller.scopes()).containsExactly("api/admin");
            assertThat(caller.hasScope("api/admin")).isTrue();
        }

        @Test
        void adminRouteSample_carriesTheAdminScope() throws Exception {
            AuthContext caller = AuthContext.from(GatewayClaims.fromHttpApi(Events.httpApiSample("http-api-admin-scope.json")));

            assertThat(caller.hasScope("api/admin")).isTrue();
            assertThat(caller.hasScope("api/read")).isFalse();
        }

        @Test
        void email_isTakenWhenTheTokenHasOne_andNeverShownWhole() throws Exception {
            AuthContext caller = fromHttpApi(accessClaims(c -> c.put("email", "alice@example.com")));

            assertThat(caller.email()).contains("alice@example.com");
            assertThat(caller.toString()).contains("a***@example.com").doesNotContain("alice@");
        }

        @Test
        void idToken_isRefused() {
            APIGatewayV2HTTPEvent event = Events.httpApiSample("http-api-id-token.json");

            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(event)))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(UnauthenticatedReason.NOT_AN_ACCESS_TOKEN))
                    .hasMessage("not_an_access_token");
        }

        @Test
        void noAuthorizer_isRefused() {
            APIGatewayV2HTTPEvent event = Events.httpApiSample("http-api-no-authorizer.json");

            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(event)))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(UnauthenticatedReason.NO_VERIFIED_CLAIMS));
        }

        @Test
        void anEventWithoutRequestContext_orNoEventAtAll_isRefused() {
            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(new APIGatewayV2HTTPEvent())))
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(null)))
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> AuthContext.from(null)).isInstanceOf(AuthenticationException.class);
        }

        @Test
        void anAuthorizerWithoutJwtClaims_isRefused() {
            APIGatewayV2HTTPEvent event = Events.httpApi(Map.of());
            event.getRequestContext().getAuthorizer().getJwt().setClaims(null);

            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(event)))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(UnauthenticatedReason.NO_VERIFIED_CLAIMS));
        }

        @Test
        void headersThatLookLikeClaims_areNeverRead() {
            APIGatewayV2HTTPEvent event = Events.httpApiSample("http-api-no-authorizer.json");
            event.getHeaders().putAll(Map.of("sub", SUB, "token_use", "access", "client_id", CLIENT,
                    "x-amzn-oidc-identity", SUB));
            event.setQueryStringParameters(Map.of("sub", SUB, "token_use", "access", "client_id", CLIENT));
            event.setBody("{\"sub\":\"" + SUB + "\",\"token_use\":\"access\",\"client_id\":\"" + CLIENT + "\"}");

            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromHttpApi(event)))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Nested
    class RestApiProxy {
        @Test
        void accessToken_givesTheCallersIdentity() throws Exception {
            APIGatewayProxyRequestEvent event = Events.restApiSample("rest-api-access-token.json");

            AuthContext caller = AuthContext.from(GatewayClaims.fromRestApi(event));

            assertThat(caller.cognitoSub()).isEqualTo(SUB);
            assertThat(caller.appUserId()).isEmpty();
            assertThat(caller.groups()).containsExactly("admin", "support");
            assertThat(caller.scopes()).containsExactly("openid", "email", "api/read");
            assertThat(caller.clientId()).isEqualTo(CLIENT);
            assertThat(GatewayClaims.fromRestApi(event).requestId()).contains("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        }

        @Test
        void claimsThatArriveAsListsOrNumbers_areReadAsTheGatewayWouldHaveRenderedThem() throws Exception {
            Map<String, Object> claims = new HashMap<>(Map.of("sub", SUB, "token_use", "access", "client_id", CLIENT,
                    "cognito:groups", List.of("admin", "support"), "auth_time", 1764597600L));

            GatewayClaims verified = GatewayClaims.fromRestApi(Events.restApi(claims));

            assertThat(verified.claim("auth_time")).contains("1764597600");
            assertThat(AuthContext.from(verified).groups()).containsExactly("admin", "support");
        }

        @Test
        void noClaims_isRefused() {
            APIGatewayProxyRequestEvent withoutAuthorizer = Events.restApiSample("rest-api-access-token.json");
            withoutAuthorizer.getRequestContext().setAuthorizer(null);
            APIGatewayProxyRequestEvent claimsNotAMap = Events.restApiSample("rest-api-access-token.json");
            claimsNotAMap.getRequestContext().setAuthorizer(Map.of("claims", "sub=" + SUB));
            APIGatewayProxyRequestEvent lambdaAuthorizerContext = Events.restApiSample("rest-api-access-token.json");
            lambdaAuthorizerContext.getRequestContext().setAuthorizer(Map.of("sub", SUB, "token_use", "access",
                    "client_id", CLIENT));

            for (APIGatewayProxyRequestEvent event : List.of(withoutAuthorizer, claimsNotAMap, lambdaAuthorizerContext,
                    new APIGatewayProxyRequestEvent())) {
                assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromRestApi(event)))
                        .isInstanceOfSatisfying(AuthenticationException.class,
                                e -> assertThat(e.reason()).isEqualTo(UnauthenticatedReason.NO_VERIFIED_CLAIMS));
            }
        }

        @Test
        void idToken_isRefused() {
            Map<String, Object> claims = new HashMap<>(Map.of("sub", SUB, "token_use", "id", "aud", CLIENT,
                    "email", "alice@example.com"));

            assertThatThrownBy(() -> AuthContext.from(GatewayClaims.fromRestApi(Events.restApi(claims))))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.reason()).isEqualTo(UnauthenticatedReason.NOT_AN_ACCESS_TOKEN));
        }
    }

    @Nested
    class RefusedWith401 {
        @Test
        void noClaims() {
            assertThat(refusalOf(Map.of())).isEqualTo(UnauthenticatedReason.NO_VERIFIED_CLAIMS);
        }

        @Test
        void noSub() {
            assertThat(refusalOf(accessClaims(c -> c.remove("sub")))).isEqualTo(UnauthenticatedReason.NO_SUBJECT);
        }

        @Test
        void blankSub() {
            assertThat(refusalOf(accessClaims(c -> c.put("sub", "")))).isEqualTo(UnauthenticatedReason.NO_SUBJECT);
            assertThat(refusalOf(accessClaims(c -> c.put("sub", " \t ")))).isEqualTo(UnauthenticatedReason.NO_SUBJECT);
        }

        @Test
        void subTheDatabaseCouldNeverStore() {
            assertThat(refusalOf(accessClaims(c -> c.put("sub", "x".repeat(129)))))
                    .isEqualTo(UnauthenticatedReason.UNUSABLE_SUBJECT);
            assertThat(refusalOf(accessClaims(c -> c.put("sub", "abc\u0000"))))
                    .isEqualTo(UnauthenticatedReason.UNUSABLE_SUBJECT);
        }

        @Test
        void idToken() {
            assertThat(refusalOf(accessClaims(c -> c.put("token_use", "id"))))
                    .isEqualTo(UnauthenticatedReason.NOT_AN_ACCESS_TOKEN);
        }

        @Test
        void tokenUseThatOnlyLooksLikeAccess() {
            for (String almost : List.of("Access", "ACCESS", "access ", " access", "[access]", "access id")) {
                assertThat(refusalOf(accessClaims(c -> c.put("token_use", almost)))).as(almost)
                        .isEqualTo(UnauthenticatedReason.NOT_AN_ACCESS_TOKEN);
            }
        }

        @Test
        void missingOrBlankTokenUse() {
            assertThat(refusalOf(accessClaims(c -> c.remove("token_use")))).isEqualTo(UnauthenticatedReason.NO_TOKEN_USE);
            assertThat(refusalOf(accessClaims(c -> c.put("token_use", " ")))).isEqualTo(UnauthenticatedReason.NO_TOKEN_USE);
        }

        @Test
        void missingOrBlankClientId() {
            assertThat(refusalOf(accessClaims(c -> c.remove("client_id")))).isEqualTo(UnauthenticatedReason.NO_CLIENT_ID);
            assertThat(refusalOf(accessClaims(c -> c.put("client_id", "")))).isEqualTo(UnauthenticatedReason.NO_CLIENT_ID);
        }
    }

    @Test
    void claimsGiveNoAuthorizationFacts_soARoleOrUserIdClaimIsIgnored() throws Exception {
        AuthContext caller = fromHttpApi(accessClaims(c -> {
            c.put("custom:role", "admin");
            c.put("app_user_id", UUID.randomUUID().toString());
            c.put("role", "admin");
        }));

        assertThat(caller.appUserId()).as("set by the database lookup only").isEmpty();
        assertThat(caller.groups()).isEmpty();
    }

    @Test
    void withAppUserId_addsTheDatabasesId_andKeepsTheRest() throws Exception {
        AuthContext caller = fromHttpApi(accessClaims(c -> c.put("cognito:groups", "[support]")));
        UUID id = UUID.randomUUID();

        AuthContext resolved = caller.withAppUserId(id);

        assertThat(resolved.appUserId()).contains(id);
        assertThat(resolved).usingRecursiveComparison().ignoringFields("appUserId").isEqualTo(caller);
        assertThat(caller.appUserId()).isEmpty();
    }

    @Test
    void gatewayClaimsText_namesClaimsButNoValue() {
        GatewayClaims verified = GatewayClaims.fromHttpApi(Events.httpApiSample("http-api-id-token.json"));

        assertThat(verified.toString()).contains("email", "sub").doesNotContain("alice", SUB);
    }
}
