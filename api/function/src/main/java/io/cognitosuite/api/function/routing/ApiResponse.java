package io.cognitosuite.api.function.routing;

import io.cognitosuite.api.error.ApiError;
import io.cognitosuite.core.json.Json;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a JSON body and its headers. Every answer is {@code application/json} and
 * {@code Cache-Control: no-store} (it is the caller's own data, which no browser or proxy should keep).
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the JSON body
 */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    private static final Map<String, String> JSON_HEADERS =
            Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    public ApiResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be between 200 and 599 but is " + status);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** 200 with {@code body} as JSON (a map or record; Jackson writes it). */
    public static ApiResponse ok(Object body) {
        return of(200, body);
    }

    /** {@code status} with {@code body} as JSON. */
    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, JSON_HEADERS, Json.write(Objects.requireNonNull(body, "body")));
    }

    /** The error shape's body and headers. */
    public static ApiResponse error(ApiError error) {
        return new ApiResponse(error.status(), error.headers(), error.body());
    }
}
