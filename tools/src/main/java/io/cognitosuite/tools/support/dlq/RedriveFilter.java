package io.cognitosuite.tools.support.dlq;

import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.tools.support.CliDuration;
import io.cognitosuite.tools.support.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which dead letters a selective redrive moves: every given condition must hold ({@code null} = any).
 *
 * @param sub       the body's {@code sub}
 * @param type      the message's type ({@code user.confirmed})
 * @param reason    the reason code ({@link InspectedMessage#reasonCode()}: recorded, {@code invalid_message}, or
 *                  {@code unknown})
 * @param olderThan sent at least this long ago ({@code SentTimestamp}, kept across the move to the dead-letter queue)
 */
public record RedriveFilter(String sub, String type, String reason, Duration olderThan) {

    public RedriveFilter {
        if (reason != null && FailureReason.fromCode(reason).isEmpty() && !InspectedMessage.UNKNOWN.equals(reason)) {
            throw new UsageException("--reason must be a recorded reason code",
                    "one of " + Arrays.stream(FailureReason.values()).map(FailureReason::code)
                            .collect(Collectors.joining(", ")) + ", " + InspectedMessage.UNKNOWN);
        }
    }

    public boolean isEmpty() {
        return sub == null && type == null && reason == null && olderThan == null;
    }

    public boolean matches(InspectedMessage m, Instant now) {
        return (sub == null || sub.equals(m.sub()))
                && (type == null || type.equals(m.type()))
                && (reason == null || reason.equals(m.reasonCode()))
                && (olderThan == null || !m.message().sentAt().isAfter(now.minus(olderThan)));
    }

    /** The filter as audit arguments (a sub is no PII here; no email is ever a filter). */
    public Map<String, String> arguments() {
        Map<String, String> a = new LinkedHashMap<>();
        if (sub != null) {
            a.put("sub", sub);
        }
        if (type != null) {
            a.put("type", type);
        }
        if (reason != null) {
            a.put("reason", reason);
        }
        if (olderThan != null) {
            a.put("olderThan", olderThan.toString());
        }
        return a;
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 3d}, or ISO-8601 ({@code PT2H}); {@code null} stays {@code null}. */
    public static Duration duration(String text, String option) {
        if (text == null) {
            return null;
        }
        Duration d = CliDuration.parse(text).orElseThrow(() ->
                new UsageException(option + " must be a duration", "e.g. " + option + " 2h (s, m, h, d) or PT90M"));
        if (d.isNegative()) {
            throw new UsageException(option + " must not be negative", "e.g. " + option + " 2h");
        }
        return d;
    }
}
