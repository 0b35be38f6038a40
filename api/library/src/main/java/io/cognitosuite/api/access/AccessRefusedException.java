package io.cognitosuite.api.access;

import io.cognitosuite.api.error.ApiError;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.api.error.Refusals;
import java.util.Objects;

/**
 * The caller may not do this (403), or named what to do it on in a form that is not valid (400), or the token's user
 * cannot be stored (401). The message is the fixed reason code, never a value from the request, so it is safe to log.
 */
public final class AccessRefusedException extends Exception {
    /** 400: the workspace id is not a UUID. */
    public static final String NOT_A_WORKSPACE_ID = "not_a_workspace_id";
    /** 403: not a member of the workspace, or no such workspace (the two are one answer, so ids cannot be probed). */
    public static final String NOT_A_MEMBER = "not_a_member";
    /** 403: a member, with a role below the one required. */
    public static final String ROLE_TOO_LOW = "role_too_low";
    /** 403: {@code app_users.role} is not {@code admin}. */
    public static final String NOT_AN_APP_ADMIN = "not_an_app_admin";
    /** 401: the token's user has no app row and its claims break the rules every stored user follows. */
    public static final String UNSTORABLE_USER = "unstorable_user";

    private final ApiErrorKind kind;
    private final String reason;

    AccessRefusedException(ApiErrorKind kind, String reason) {
        super(Objects.requireNonNull(reason, "reason"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = reason;
    }

    public ApiErrorKind kind() {
        return kind;
    }

    /** One of the reason constants of this class. */
    public String reason() {
        return reason;
    }

    /** The response and its one log line ({@link Refusals#refuse}). */
    public ApiError toApiError(String requestId) {
        return Refusals.refuse(kind, reason, requestId);
    }
}
