/**
 * The support desk's shared parts: the options every support command takes ({@link SupportOptions}), the
 * connections it opens from the environment ({@link SupportSession}), who the operator is ({@link Operator}), the
 * audit record of every change ({@link AuditedAction}), masking of personal data ({@link Pii}) and usage errors
 * ({@link UsageException}, exit code 2). The commands live in the sub-packages, one per area.
 */
package io.cognitosuite.tools.support;
