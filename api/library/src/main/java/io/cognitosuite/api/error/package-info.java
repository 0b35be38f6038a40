/**
 * The API's one JSON error shape ({@link io.cognitosuite.api.error.ApiError}): 400, 401, 403, 404 and 500, each with a
 * fixed, safe sentence ({@link io.cognitosuite.api.error.ApiErrorKind}), and the log line that names the reason code
 * and the request id ({@link io.cognitosuite.api.error.Refusals}). Nothing from the request reaches either.
 */
package io.cognitosuite.api.error;
