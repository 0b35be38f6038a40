package io.cognitosuite.tools.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP API route: method, path template ({@code /workspaces/{id}}), authorization and, for JWT routes, the
 * authorization scopes of which a token needs at least one (empty: any valid token).
 */
public record GatewayRoute(String method, String pathTemplate, RouteAuthorization authorization, List<String> scopes) {
    public GatewayRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathTemplate, "pathTemplate");
        Objects.requireNonNull(authorization, "authorization");
        scopes = List.copyOf(scopes);
        method = method.toUpperCase(Locale.ROOT);
        if (!pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with /");
        }
        if (authorization == RouteAuthorization.NONE && !scopes.isEmpty()) {
            throw new IllegalArgumentException("a route without an authorizer has no scopes");
        }
    }

    public static GatewayRoute open(String method, String pathTemplate) {
        return new GatewayRoute(method, pathTemplate, RouteAuthorization.NONE, List.of());
    }

    public static GatewayRoute jwt(String method, String pathTemplate, String... scopes) {
        return new GatewayRoute(method, pathTemplate, RouteAuthorization.JWT, List.of(scopes));
    }

    /** The route key as HTTP API writes it into the event: {@code GET /workspaces/{id}}. */
    public String routeKey() {
        return method + " " + pathTemplate;
    }

    /**
     * The path parameters when this route takes {@code method} and the raw (still percent-encoded) {@code rawPath};
     * empty when it does not. A parameter matches one non-empty segment; its value is percent-decoded.
     */
    public Optional<Map<String, String>> match(String requestMethod, String rawPath) {
        if (!method.equals(requestMethod)) {
            return Optional.empty();
        }
        String[] template = pathTemplate.substring(1).split("/", -1);
        String[] path = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[] {null};
        if (template.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (path[i] == null || path[i].isEmpty()) {
                    return Optional.empty();
                }
                // URLDecoder turns '+' into a space, which a path does not: keep it.
                parameters.put(segment.substring(1, segment.length() - 1),
                        URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!segment.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
