/**
 * Structured logging context (request id, trigger source, pool id in every line) and the safe forms in which
 * untrusted values may reach a log: redaction of personal data and fingerprints. The metrics adapter (CloudWatch
 * embedded metric format) is {@code io.cognitosuite.aws.metrics}.
 */
package io.cognitosuite.core.observability;
