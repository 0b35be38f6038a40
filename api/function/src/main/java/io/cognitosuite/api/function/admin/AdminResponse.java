package io.cognitosuite.api.function.admin;

import io.cognitosuite.api.error.ApiError;
import java.util.Map;
import java.util.Objects;

/**
 * An admin route's answer, for the router to send as it is.
 *
 * @param status  the HTTP status
 * @param headers the response headers ({@code Content-Type: application/json}, {@code Cache-Control: no-store})
 * @param body    the JSON body
 */
public record AdminResponse(int status, Map<String, String> headers, String body) {
    static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    public AdminResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    static AdminResponse json(int status, String body) {
        return new AdminResponse(status, JSON_HEADERS, body);
    }

    /** An error in the API's one error shape. */
    static AdminResponse of(ApiError error) {
        return new AdminResponse(error.status(), error.headers(), error.body());
    }
}
