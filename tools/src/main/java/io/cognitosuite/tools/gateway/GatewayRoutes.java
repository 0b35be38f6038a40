package io.cognitosuite.tools.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The route table the gateway serves; requests that match no route are HTTP API's 404. */
public record GatewayRoutes(List<GatewayRoute> routes) {
    /** The resource server's admin scope (its identifier {@code api}, in template.yaml). */
    public static final String ADMIN_SCOPE = "api/admin";

    /**
     * The API's routes as issue 12 fixes them (COMMON.md): {@code /health} open, the read routes behind the JWT
     * authorizer with no scope, the admin routes needing {@code api/admin}. The lead pins this to template.yaml.
     */
    public static final GatewayRoutes API = new GatewayRoutes(List.of(
            GatewayRoute.open("GET", "/health"),
            GatewayRoute.jwt("GET", "/me"),
            GatewayRoute.jwt("GET", "/workspaces/{id}"),
            GatewayRoute.jwt("GET", "/workspaces/{id}/members"),
            GatewayRoute.jwt("POST", "/admin/users", ADMIN_SCOPE),
            GatewayRoute.jwt("PUT", "/admin/users/{sub}/role", ADMIN_SCOPE)));

    public GatewayRoutes {
        routes = List.copyOf(routes);
    }

    /** A route and the path parameters it took from the request. */
    public record Match(GatewayRoute route, Map<String, String> pathParameters) {
        public Match {
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    /**
     * The route for this method and raw path. A literal segment wins over a parameter, as in HTTP API
     * ({@code /workspaces/mine} before {@code /workspaces/{id}}), so routes are tried most literal segments first.
     */
    public Optional<Match> match(String method, String rawPath) {
        return routes.stream()
                .sorted(java.util.Comparator.comparingLong(GatewayRoutes::parameterCount))
                .flatMap(route -> route.match(method, rawPath).map(p -> new Match(route, p)).stream())
                .findFirst();
    }

    private static long parameterCount(GatewayRoute route) {
        return route.pathTemplate().chars().filter(c -> c == '{').count();
    }
}
