/**
 * What a caller may do, decided by the app database and never by a token claim, a path or a body:
 * {@link io.cognitosuite.api.access.Authorizer} finds (or creates, through the consumer's idempotent provisioning) the
 * caller's app user by the verified {@code sub}, and checks workspace roles and the app admin role;
 * {@link io.cognitosuite.api.access.Caller} is a caller identified that way; a refusal is an
 * {@link io.cognitosuite.api.access.AccessRefusedException} (400 or 403, with a fixed reason code).
 */
package io.cognitosuite.api.access;
