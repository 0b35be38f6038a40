/**
 * The API function's routing: a {@link io.cognitosuite.api.function.routing.RouteTable} from HTTP API route keys
 * ({@code "GET /workspaces/{id}"}) to {@link io.cognitosuite.api.function.routing.Route}s, the
 * {@link io.cognitosuite.api.function.routing.ApiRequest} a route reads (path parameters, body, request id, deadline,
 * the caller's verified claims) and the {@link io.cognitosuite.api.function.routing.ApiResponse} it answers with.
 * Routes throw the library's refusals; {@link io.cognitosuite.api.function.ApiHandler} turns them into the one error
 * shape.
 */
package io.cognitosuite.api.function.routing;
