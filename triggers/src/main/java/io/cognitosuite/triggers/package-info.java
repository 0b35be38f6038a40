/**
 * The Cognito trigger functions. Every trigger package has the same shape: {@code XxxHandler} (the Lambda
 * adapter, two lines, run by {@link io.cognitosuite.triggers.runtime.TriggerProcessor}) →
 * {@code XxxRequest.from(CognitoEvent)} (the checked request) → a service deciding in domain terms →
 * {@code XxxResponseWriter} (the response Cognito gets), with one {@code XxxSettings} record. Production objects
 * are built once per execution environment by {@link io.cognitosuite.triggers.internal.TriggerComponents};
 * {@link io.cognitosuite.triggers.TriggerFunctions} builds the same ones for the local stack.
 */
package io.cognitosuite.triggers;
