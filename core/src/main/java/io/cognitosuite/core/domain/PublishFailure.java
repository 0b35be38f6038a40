package io.cognitosuite.core.domain;

import java.util.Objects;

/**
 * Why one event was not published.
 *
 * @param code      a short, stable reason, e.g. {@code ThrottlingException}, {@code EntryTooLarge}
 * @param message   detail for the operator; never the payload
 * @param retryable {@code true} when the event itself is fine and a later attempt may succeed (throttling,
 *                  an outage, missing permissions); {@code false} when the event as stored can never be
 *                  accepted (too large, malformed), so retrying it is pointless until someone fixes it
 */
public record PublishFailure(String code, String message, boolean retryable) {
    public PublishFailure {
        Objects.requireNonNull(code, "code");
        message = Objects.requireNonNullElse(message, "");
    }

    public static PublishFailure retryable(String code, String message) {
        return new PublishFailure(code, message, true);
    }

    public static PublishFailure permanent(String code, String message) {
        return new PublishFailure(code, message, false);
    }

    /** One line for {@code last_error} and the log. */
    public String describe() {
        return message.isEmpty() ? code : code + ": " + message;
    }
}
