package io.cognitosuite.tools.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Claims as HTTP API's JWT authorizer hands them to the integration in {@code requestContext.authorizer.jwt.claims}:
 * every value a string. Strings as they are; numbers as their JSON text ({@code 1764601200}, never
 * {@code 1.7646012E9}); booleans {@code true}/{@code false}; arrays as {@code [a b]} (so {@code cognito:groups} arrives
 * as {@code "[admin support]"}, not as JSON); a claim whose value is {@code null} is dropped.
 *
 * <p>Those shapes are the documented and observed ones. Nested objects and a {@code null} inside an array are rare in
 * access tokens; they follow the same formatting family as arrays (Go's {@code %v}: {@code map[k:v]} with sorted keys,
 * {@code <nil>}), which is inferred from the array format, not measured against AWS (the README says so).
 */
public final class HttpApiClaims {
    private HttpApiClaims() {
    }

    /** The claims of a verified token's payload (a JSON object), rendered; sorted by name for stable output. */
    public static SortedMap<String, String> render(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("a JWT payload is a JSON object");
        }
        SortedMap<String, String> claims = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            if (!field.getValue().isNull() && !field.getValue().isMissingNode()) {
                claims.put(field.getKey(), value(field.getValue()));
            }
        }
        return claims;
    }

    /** One claim value as a string. */
    static String value(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        if (node.isNull() || node.isMissingNode()) {
            return "<nil>";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item)));
            return "[" + String.join(" ", items) + "]";
        }
        SortedMap<String, String> entries = new TreeMap<>();
        node.properties().forEach(e -> entries.put(e.getKey(), value(e.getValue())));
        List<String> pairs = new ArrayList<>();
        entries.forEach((k, v) -> pairs.add(k + ":" + v));
        return "map[" + String.join(" ", pairs) + "]";
    }
}
