/**
 * The composition root of the API function ({@link io.cognitosuite.api.function.internal.ApiComponents}): its settings,
 * pool, adapters, authorizer and route table, wired. Not API: code outside the Lambda artifact goes through
 * {@link io.cognitosuite.api.function.ApiFunctions}.
 */
package io.cognitosuite.api.function.internal;
