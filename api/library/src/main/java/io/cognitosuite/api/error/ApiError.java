package io.cognitosuite.api.error;

import io.cognitosuite.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The API's one error body:
 * {@code {"error":{"status":401,"code":"unauthenticated","message":"A valid access token is required.","requestId":"…"}}}.
 * Everything in it is fixed by the {@link ApiErrorKind} except the request id, which the caller may quote to support;
 * a request id that is not shaped like one API Gateway or Lambda issues becomes {@link #UNKNOWN_REQUEST_ID}, so not
 * even that field can carry text of the caller's choosing.
 *
 * @param kind      the status, code and message
 * @param requestId the gateway's (or Lambda's) request id, or {@code unknown}
 */
public record ApiError(ApiErrorKind kind, String requestId) {
    public static final String UNKNOWN_REQUEST_ID = "unknown";
    /** HTTP API ids ({@code JKJaXmPLvHcESHA=}), REST API and Lambda ids (UUIDs): letters, digits and {@code -_=+/.}. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_=+/.-]{1,128}");

    public ApiError {
        Objects.requireNonNull(kind, "kind");
        requestId = safeRequestId(requestId);
    }

    /** The request id if it has a request id's shape, else {@code unknown}; what the body and the log line both say. */
    public static String safeRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches() ? requestId : UNKNOWN_REQUEST_ID;
    }

    public int status() {
        return kind.status();
    }

    /** The JSON body. */
    public String body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", kind.status());
        error.put("code", kind.code());
        error.put("message", kind.message());
        error.put("requestId", requestId);
        return Json.write(Map.of("error", error));
    }

    /** The response headers every error carries: JSON, and no caching of an error by a browser or proxy. */
    public Map<String, String> headers() {
        return Map.of("Content-Type", "application/json", "Cache-Control", "no-store");
    }
}
