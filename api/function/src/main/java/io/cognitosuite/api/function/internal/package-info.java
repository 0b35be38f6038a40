/**
 * The composition root of the API function ({@link io.cognitosuite.api.function.internal.ApiComponents}) and the
 * settings it reads ({@link io.cognitosuite.api.function.internal.ApiSettings}): pool, adapters, authorizer and route
 * table, wired. Not API: code outside the Lambda artifact goes through {@link io.cognitosuite.api.function.ApiFunctions}.
 * The settings live here, not beside {@code ApiHandler}, so that the handler's package and this one form no cycle.
 */
package io.cognitosuite.api.function.internal;
