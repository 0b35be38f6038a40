/**
 * Structured logging context (request id, trigger source, pool id in every line), redaction of
 * personal data, and metrics in CloudWatch embedded metric format.
 */
package io.cognitosuite.core.observability;
