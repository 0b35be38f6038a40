/**
 * The Cognito trigger handlers. Each handler is an inbound adapter two lines long: it delegates to
 * {@link io.cognitosuite.triggers.runtime.TriggerProcessor} with its trigger's service, built once per
 * execution environment by {@link io.cognitosuite.triggers.internal.TriggerComponents}.
 */
package io.cognitosuite.triggers;
