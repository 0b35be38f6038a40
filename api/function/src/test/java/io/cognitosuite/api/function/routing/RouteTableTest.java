package io.cognitosuite.api.function.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {
    private static final Route OK = request -> ApiResponse.ok(Map.of());

    @Test
    void aRoute_isFoundByItsExactKey_only() {
        RouteTable table = RouteTable.empty().with("GET /workspaces/{id}", OK);

        assertThat(table.find("GET /workspaces/{id}")).containsSame(OK);
        assertThat(table.find("GET /workspaces/3f6a9c1e")).isEmpty();
        assertThat(table.find("get /workspaces/{id}")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    @Test
    void with_leavesTheTableItWasCalledOnAsItWas() {
        RouteTable reads = RouteTable.empty().with("GET /me", OK);

        RouteTable more = reads.with("POST /admin/users", OK);

        assertThat(reads.routeKeys()).containsExactly("GET /me");
        assertThat(more.routeKeys()).containsExactly("GET /me", "POST /admin/users");
    }

    @Test
    void aKeyTwice_isRefused() {
        RouteTable table = RouteTable.empty().with("GET /me", OK);

        assertThatThrownBy(() -> table.with("GET /me", OK)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/me", "GET", "GET me", "GET  /me", "get /me", "GET /me/", "GET /{}", "$default",
            "GET /workspaces/{id"})
    void somethingThatIsNotARouteKey_isRefused(String key) {
        assertThatThrownBy(() -> RouteTable.empty().with(key, OK)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /", "GET /health", "PUT /admin/users/{sub}/role", "GET /workspaces/{id}/members"})
    void theTemplatesKeys_areAccepted(String key) {
        assertThat(RouteTable.empty().with(key, OK).find(key)).isPresent();
    }
}
