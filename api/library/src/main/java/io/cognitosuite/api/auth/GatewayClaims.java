package io.cognitosuite.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.cognitosuite.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims an API Gateway authorizer verified, as strings, whichever kind of API delivered them. Only the
 * authorizer's own part of the event is read ({@code requestContext.authorizer}); headers, query and body are never
 * looked at, so nothing the caller wrote beside the token can pose as a claim.
 *
 * @param claims        claim name to value, as the gateway rendered it (HTTP API: every value a string, arrays as
 *                      {@code "[a b]"}, null claims dropped); empty when there was no authorizer
 * @param gatewayScopes HTTP API's {@code requestContext.authorizer.jwt.scopes}, which it fills only for routes with
 *                      authorization scopes; empty for REST API
 * @param requestId     the gateway's request id ({@code requestContext.requestId}), if the event has one
 */
public record GatewayClaims(Map<String, String> claims, List<String> gatewayScopes, Optional<String> requestId) {
    public GatewayClaims {
        claims = Map.copyOf(claims);
        gatewayScopes = List.copyOf(gatewayScopes);
        requestId = requestId == null ? Optional.empty() : requestId;
    }

    /** From an HTTP API payload format 2.0 event with a JWT authorizer ({@code requestContext.authorizer.jwt}). */
    public static GatewayClaims fromHttpApi(APIGatewayV2HTTPEvent event) {
        var context = event == null ? null : event.getRequestContext();
        if (context == null) {
            return new GatewayClaims(Map.of(), List.of(), Optional.empty());
        }
        Optional<String> requestId = Optional.ofNullable(context.getRequestId());
        var jwt = context.getAuthorizer() == null ? null : context.getAuthorizer().getJwt();
        if (jwt == null) {
            return new GatewayClaims(Map.of(), List.of(), requestId);
        }
        Map<String, String> claims = new LinkedHashMap<>();
        if (jwt.getClaims() != null) {
            jwt.getClaims().forEach((name, value) -> {
                if (name != null && value != null) {
                    claims.put(name, value);
                }
            });
        }
        List<String> scopes = jwt.getScopes() == null ? List.of()
                : jwt.getScopes().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        return new GatewayClaims(claims, scopes, requestId);
    }

    /**
     * From a REST API proxy event with a Cognito user-pool authorizer ({@code requestContext.authorizer.claims}). The
     * event library reads the authorizer as a map of objects, so a value may arrive as a string (what API Gateway
     * sends), or, from a hand-built or re-serialized event, as a list or a number: each becomes the string HTTP API
     * would have sent, a list as a JSON array.
     */
    public static GatewayClaims fromRestApi(APIGatewayProxyRequestEvent event) {
        var context = event == null ? null : event.getRequestContext();
        if (context == null) {
            return new GatewayClaims(Map.of(), List.of(), Optional.empty());
        }
        Optional<String> requestId = Optional.ofNullable(context.getRequestId());
        Object found = context.getAuthorizer() == null ? null : context.getAuthorizer().get("claims");
        if (!(found instanceof Map<?, ?> raw)) {
            return new GatewayClaims(Map.of(), List.of(), requestId);
        }
        Map<String, String> claims = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            if (name instanceof String key && value != null) {
                claims.put(key, asString(value));
            }
        });
        return new GatewayClaims(claims, List.of(), requestId);
    }

    private static String asString(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof List<?> || value instanceof Object[]) {
            return Json.write(value);
        }
        return String.valueOf(value);
    }

    /** A claim's value, if present. */
    public Optional<String> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** Claim names only: a record's default text would print every value (an email, the sub) into whatever logs it. */
    @Override
    public String toString() {
        return "GatewayClaims[claims=" + new java.util.TreeSet<>(claims.keySet()) + ", gatewayScopes=" + gatewayScopes
                + ", requestId=" + requestId.orElse("<none>") + "]";
    }
}
