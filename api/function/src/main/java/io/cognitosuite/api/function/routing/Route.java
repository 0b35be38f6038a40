package io.cognitosuite.api.function.routing;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.auth.AuthenticationException;

/**
 * One route of the API. It answers, or refuses by throwing: {@link AuthenticationException} (401),
 * {@link AccessRefusedException} (its status: 400 for input that is not valid, 403, 404, 409); a
 * {@link io.cognitosuite.core.port.DataAccessException} or anything else is the handler's 5xx.
 */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request) throws AuthenticationException, AccessRefusedException;
}
