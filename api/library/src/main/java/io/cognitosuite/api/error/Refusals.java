package io.cognitosuite.api.error;

import io.cognitosuite.api.auth.AuthenticationException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refused request into its {@link ApiError} and the one log line that says why: status, code, a fixed reason
 * code of ours and the request id. Never the token, the Authorization header, a claim or anything else from the
 * request; a reason that is not shaped like one of our codes is logged as {@code unspecified}, so a caller that passes
 * request text by mistake cannot put it into the log.
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");
    static final String UNSPECIFIED = "unspecified";

    private Refusals() {
    }

    /** A 401: the reason is the exception's fixed code. */
    public static ApiError unauthenticated(AuthenticationException refused, String requestId) {
        Objects.requireNonNull(refused, "refused");
        return refuse(ApiErrorKind.UNAUTHENTICATED, refused.reason().code(), requestId);
    }

    /**
     * Any refusal, logged once (at INFO for a 4xx, which callers cause and alarms count; at ERROR for a 5xx).
     *
     * @param reason a fixed code of ours such as {@code not_a_member}, {@code malformed_json}
     */
    public static ApiError refuse(ApiErrorKind kind, String reason, String requestId) {
        ApiError error = new ApiError(kind, requestId);
        String safeReason = reason != null && REASON.matcher(reason).matches() ? reason : UNSPECIFIED;
        String line = "api request refused: status={} code={} reason={} requestId={}";
        if (kind.status() >= 500) {
            LOG.error(line, kind.status(), kind.code(), safeReason, error.requestId());
        } else {
            LOG.info(line, kind.status(), kind.code(), safeReason, error.requestId());
        }
        return error;
    }
}
