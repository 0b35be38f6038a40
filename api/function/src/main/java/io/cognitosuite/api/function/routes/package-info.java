/**
 * The API's read routes: {@code GET /health}, {@code GET /me}, {@code GET /workspaces/{id}} and
 * {@code GET /workspaces/{id}/members}. Each identifies the caller by the verified {@code sub} alone
 * ({@link io.cognitosuite.api.access.Authorizer}) and checks permissions in the database before it reads anything; an
 * id in the path is what the request is about, never who is asking. {@link io.cognitosuite.api.function.routes.ReadRoutes}
 * puts them into a route table.
 */
package io.cognitosuite.api.function.routes;
