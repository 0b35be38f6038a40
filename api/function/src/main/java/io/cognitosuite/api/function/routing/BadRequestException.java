package io.cognitosuite.api.function.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The request is not valid (400): malformed JSON, an unknown field, a value outside the allowed set. The message is a
 * fixed reason code of ours ({@code malformed_json}), never a value from the request, so it is safe to log; the body
 * says only the fixed 400 sentence.
 */
public final class BadRequestException extends Exception {
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

    private final String reason;

    /** @param reason a fixed code such as {@code malformed_json} (lower case, digits and {@code _}) */
    public BadRequestException(String reason) {
        super(Objects.requireNonNull(reason, "reason"), null, false, false);
        if (!REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a reason is a fixed code of [a-z0-9_], at most 64 characters");
        }
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
