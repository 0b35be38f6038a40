package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One {@code support_audit} row: a change support made (or began).
 *
 * @param id         the row's id
 * @param operator   who: the STS caller ARN on AWS, or {@code --operator}; never blank
 * @param action     what, e.g. {@code dlq redrive}
 * @param arguments  the command's arguments (no PII: emails are masked before they get here)
 * @param counts     what it did, e.g. {@code moved=3}
 * @param result     {@code started}, {@code ok}, {@code failed}, {@code dry-run} or {@code interrupted}
 * @param detail     a sentence on the result (a failure's one-line error), {@code null} when none
 * @param requestId  the run's id, also in its log line
 * @param startedAt  when it began
 * @param finishedAt when it ended, {@code null} while running (or if the process died)
 */
public record AuditEntry(UUID id, String operator, String action, Map<String, String> arguments,
                         Map<String, Long> counts, String result, String detail, String requestId, Instant startedAt,
                         Instant finishedAt) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operator, "operator");
        if (operator.isBlank()) {
            throw new IllegalArgumentException("operator is blank");
        }
        Objects.requireNonNull(action, "action");
        arguments = Map.copyOf(arguments);
        counts = Map.copyOf(counts);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
