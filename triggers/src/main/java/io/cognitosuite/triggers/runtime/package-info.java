/**
 * What every Cognito trigger shares: a lenient reader for the event envelope, the known forms in which
 * envelope values may reach logs and metrics ({@link io.cognitosuite.triggers.runtime.EnvelopeValues}),
 * the invocation deadline, fixed user-facing error sentences, {@link io.cognitosuite.triggers.runtime.TriggerLogic} (the
 * request, service and response-writer steps every trigger is built from), and
 * {@link io.cognitosuite.triggers.runtime.TriggerProcessor}, which wraps each invocation with logging context, metrics and
 * error mapping.
 */
package io.cognitosuite.triggers.runtime;
