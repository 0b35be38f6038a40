package io.cognitosuite.tools.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

    @Test
    void theApiTable_isIssue12s_routeKeys() {
        assertThat(GatewayRoutes.API.routes()).extracting(GatewayRoute::routeKey).containsExactly(
                "GET /health", "GET /me", "GET /workspaces/{id}", "GET /workspaces/{id}/members",
                "POST /admin/users", "PUT /admin/users/{sub}/role");
        assertThat(GatewayRoutes.API.routes()).filteredOn(r -> r.authorization() == RouteAuthorization.NONE)
                .extracting(GatewayRoute::routeKey).containsExactly("GET /health");
        assertThat(GatewayRoutes.API.routes()).filteredOn(r -> !r.scopes().isEmpty())
                .allSatisfy(r -> assertThat(r.scopes()).containsExactly("api/admin"))
                .extracting(GatewayRoute::routeKey).containsExactly("POST /admin/users", "PUT /admin/users/{sub}/role");
    }

    @Test
    void aTemplate_takesPathParameters_percentDecoded() {
        var match = GatewayRoutes.API.match("PUT", "/admin/users/3f6a9c1e%2D7b2d/role").orElseThrow();

        assertThat(match.route().routeKey()).isEqualTo("PUT /admin/users/{sub}/role");
        assertThat(match.pathParameters()).isEqualTo(Map.of("sub", "3f6a9c1e-7b2d"));
    }

    @Test
    void noRoute_forAnotherMethod_aLongerOrShorterPath_anEmptyParameter_orATrailingSlash() {
        assertThat(GatewayRoutes.API.match("POST", "/me")).isEmpty();
        assertThat(GatewayRoutes.API.match("GET", "/workspaces")).isEmpty();
        assertThat(GatewayRoutes.API.match("GET", "/workspaces/")).isEmpty();
        assertThat(GatewayRoutes.API.match("GET", "/workspaces/w1/members/x")).isEmpty();
        assertThat(GatewayRoutes.API.match("GET", "/me/")).isEmpty();
        assertThat(GatewayRoutes.API.match("GET", "/unknown")).isEmpty();
    }

    @Test
    void aLiteralSegment_winsOverAParameter() {
        GatewayRoutes routes = new GatewayRoutes(List.of(GatewayRoute.jwt("GET", "/workspaces/{id}"),
                GatewayRoute.jwt("GET", "/workspaces/mine")));

        assertThat(routes.match("GET", "/workspaces/mine").orElseThrow().route().routeKey())
                .isEqualTo("GET /workspaces/mine");
        assertThat(routes.match("GET", "/workspaces/other").orElseThrow().route().routeKey())
                .isEqualTo("GET /workspaces/{id}");
    }

    @Test
    void anOpenRouteWithScopes_isRefused() {
        assertThatThrownBy(() -> new GatewayRoute("GET", "/x", RouteAuthorization.NONE, List.of("api/read")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
