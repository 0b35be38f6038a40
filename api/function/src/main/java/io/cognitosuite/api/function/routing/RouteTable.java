package io.cognitosuite.api.function.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's routes by HTTP API route key, exactly as the template names them ({@code "GET /workspaces/{id}"}): HTTP
 * API puts the matched route's key into {@code event.routeKey}, so routing is one map lookup and path parameters come
 * from the gateway. Immutable; {@link #with} makes a larger table (the composition root adds the admin routes so).
 */
public final class RouteTable {
    /** A method, one space, and a path of segments, each a literal or a {@code {parameter}}. */
    private static final Pattern ROUTE_KEY =
            Pattern.compile("(GET|POST|PUT|PATCH|DELETE) (/|(/([A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*\\}))+)");

    private final Map<String, Route> routes;

    private RouteTable(Map<String, Route> routes) {
        this.routes = Collections.unmodifiableMap(routes);
    }

    /** A table without routes. */
    public static RouteTable empty() {
        return new RouteTable(new LinkedHashMap<>());
    }

    /**
     * This table and one more route.
     *
     * @throws IllegalArgumentException for a key that is not a route key, or one the table already has
     */
    public RouteTable with(String routeKey, Route route) {
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(route, "route");
        if (!ROUTE_KEY.matcher(routeKey).matches()) {
            throw new IllegalArgumentException("not an HTTP API route key such as 'GET /workspaces/{id}': " + routeKey);
        }
        if (routes.containsKey(routeKey)) {
            throw new IllegalArgumentException("route already in the table: " + routeKey);
        }
        Map<String, Route> more = new LinkedHashMap<>(routes);
        more.put(routeKey, route);
        return new RouteTable(more);
    }

    /** The route of this key, or empty (the handler's 404). */
    public Optional<Route> find(String routeKey) {
        return routeKey == null ? Optional.empty() : Optional.ofNullable(routes.get(routeKey));
    }

    /** The keys, in the order they were added. */
    public Set<String> routeKeys() {
        return routes.keySet();
    }
}
