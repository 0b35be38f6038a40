package io.cognitosuite.api.function.routing;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.auth.AuthenticationException;

/**
 * One route of the API. It answers, or refuses by throwing: {@link AuthenticationException} (401),
 * {@link AccessRefusedException} (its status), {@link BadRequestException} (400); a
 * {@link io.cognitosuite.core.port.DataAccessException} or anything else is the handler's 500.
 */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request) throws AuthenticationException, AccessRefusedException, BadRequestException;
}
