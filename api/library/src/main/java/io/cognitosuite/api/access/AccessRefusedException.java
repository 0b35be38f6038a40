package io.cognitosuite.api.access;

import io.cognitosuite.api.error.ApiError;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.api.error.Refusals;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The caller may not do this (403), or named what to do it on in a form that is not valid (400), or the token's user
 * cannot be stored (401); for routes that act on something, also: it does not exist (404) or conflicts with what
 * exists (409). The message is the fixed reason code, never a value from the request, so it is safe to log. Routes
 * outside this package make one with {@link #badRequest}, {@link #forbidden}, {@link #notFound} or {@link #conflict},
 * with a reason code of their own ({@code [a-z0-9_]{1,64}}).
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
    /** 403: a client-credentials token (a machine: its {@code sub} is its app client's id) asked for a user's route. */
    public static final String NOT_A_USER = "not_a_user";
    /** 401: the token's user has no app row and its claims break the rules every stored user follows. */
    public static final String UNSTORABLE_USER = "unstorable_user";
    /** 403: the access token lacks a scope the route requires (checked here too, not only at the gateway). */
    public static final String MISSING_SCOPE = "missing_scope";
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

    private final ApiErrorKind kind;
    private final String reason;

    AccessRefusedException(ApiErrorKind kind, String reason) {
        super(Objects.requireNonNull(reason, "reason"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = reason;
    }

    /** 400 with {@code reason}, e.g. {@code malformed_json}. */
    public static AccessRefusedException badRequest(String reason) {
        return of(ApiErrorKind.BAD_REQUEST, reason);
    }

    /** 403 with {@code reason}. */
    public static AccessRefusedException forbidden(String reason) {
        return of(ApiErrorKind.FORBIDDEN, reason);
    }

    /** 404 with {@code reason}, e.g. {@code no_such_user}. */
    public static AccessRefusedException notFound(String reason) {
        return of(ApiErrorKind.NOT_FOUND, reason);
    }

    /** 409 with {@code reason}, e.g. {@code user_exists}. */
    public static AccessRefusedException conflict(String reason) {
        return of(ApiErrorKind.CONFLICT, reason);
    }

    /** A reason that is not one of our codes' shape is a programming error: it could carry request text. */
    private static AccessRefusedException of(ApiErrorKind kind, String reason) {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a reason code is [a-z0-9_]{1,64}");
        }
        return new AccessRefusedException(kind, reason);
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
