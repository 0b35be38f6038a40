package io.cognitosuite.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a list-valued claim (such as {@code cognito:groups}) in every form API Gateway hands it to a function: a JSON
 * array ({@code ["a","b"]}), HTTP API's rendering of an array as {@code "[a b]"}, and a comma list ({@code a,b} or
 * {@code a, b}) that REST API authorizers have been reported to send. Values come back trimmed, without empties or
 * repeats, in their first order.
 *
 * <p>The non-JSON forms split on whitespace and commas, so a value holding either cannot survive them; that is API
 * Gateway's rendering, not a choice here (Cognito group names hold no whitespace; a comma in one is allowed by
 * Cognito and is lost by the gateway). A JSON array keeps any value (trimmed).
 */
public final class ClaimLists {
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");
    private static final Pattern SCOPE_SEPARATOR = Pattern.compile("\\s+");

    private ClaimLists() {
    }

    /**
     * The values of a list claim; empty for {@code null}, blank, {@code []} and a JSON array that does not parse or
     * holds something other than strings. Failing to empty is safe because a list claim is coarse information only: no
     * decision of this library grants anything for a value found here.
     */
    public static List<String> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        String value = raw.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            String inside = value.substring(1, value.length() - 1).strip();
            // A quote right after the bracket is a JSON array; API Gateway's own rendering never quotes.
            return inside.startsWith("\"") ? jsonArray(value) : split(inside, LIST_SEPARATOR);
        }
        return split(value, LIST_SEPARATOR);
    }

    /**
     * The scopes of an OAuth {@code scope} claim, which RFC 6749 (3.3) defines as space-separated; a scope may hold a
     * comma, so commas do not split here.
     */
    public static List<String> parseScopes(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return split(raw.strip(), SCOPE_SEPARATOR);
    }

    private static List<String> split(String value, Pattern separator) {
        Set<String> found = new LinkedHashSet<>();
        for (String part : separator.split(value)) {
            if (!part.isEmpty()) {
                found.add(part);
            }
        }
        return List.copyOf(found);
    }

    private static List<String> jsonArray(String value) {
        JsonNode array;
        try {
            array = Json.parse(value);
        } catch (MalformedJsonException e) {
            return List.of();
        }
        if (!array.isArray()) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return List.of();
            }
            String trimmed = element.textValue().strip();
            if (!trimmed.isEmpty()) {
                found.add(trimmed);
            }
        }
        return List.copyOf(found);
    }
}
