package io.cognitosuite.api.function.routes;

import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.Route;
import java.util.Map;

/**
 * {@code GET /health}: liveness of the function alone, 200 {@code {"status":"ok"}}. No database call and no
 * authorizer: a load balancer or a synthetic check may call it as often as it likes, and an outage of the database
 * shows in the other routes' 500s and alarms, not as a dead function.
 */
public final class HealthRoute implements Route {
    @Override
    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.ok(Map.of("status", "ok"));
    }
}
