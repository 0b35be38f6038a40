package io.cognitosuite.api.function.admin;

/**
 * The fixed reason codes of the admin routes' refusals and failures: what the log line says after {@code reason=}
 * (the response body says only the status's fixed sentence). Never a value from the request.
 */
public final class AdminReasons {
    /** 400: the path's {@code {sub}} is not a Cognito sub (a lower-case UUID in its 36-character form). */
    public static final String NOT_A_SUB = "not_a_sub";
    /** 400: no body, or a blank one. */
    public static final String NO_BODY = "no_body";
    /** 400: the body is longer than {@link AdminRequests#MAX_BODY_CHARS} characters. */
    public static final String BODY_TOO_LARGE = "body_too_large";
    /** 400: the body is not one JSON document (syntax, trailing data, a repeated field). */
    public static final String MALFORMED_JSON = "malformed_json";
    /** 400: the body is JSON, but not an object. */
    public static final String NOT_A_JSON_OBJECT = "not_a_json_object";
    /** 400: the object has a field the route does not take. */
    public static final String UNKNOWN_FIELD = "unknown_field";
    /** 400: a field is not a JSON string ({@code null} included). */
    public static final String WRONG_TYPE = "wrong_type";
    /** 400: {@code role} is not one of {@code core.domain.AssignableStandings.ROLES}. */
    public static final String ROLE_NOT_ALLOWED = "role_not_allowed";
    /** 400: {@code plan} is not one of {@code core.domain.AssignableStandings.PLANS}. */
    public static final String PLAN_NOT_ALLOWED = "plan_not_allowed";
    /** 400: a role change names neither a role nor a plan. */
    public static final String NOTHING_TO_CHANGE = "nothing_to_change";
    /** 400: an invitation without {@code email}. */
    public static final String NO_EMAIL = "no_email";
    /** 400: {@code email} breaks the rule every stored email follows, or is not a plain address. */
    public static final String NOT_AN_EMAIL = "not_an_email";
    /** 400: the user pool refused the invitation for this email (its pre-sign-up trigger, its attribute rules). */
    public static final String INVITATION_REFUSED = "invitation_refused";
    /** 403: an administrator may not change their own role or plan. */
    public static final String OWN_STANDING = "own_standing";
    /** 404: no app user has this sub. */
    public static final String NO_SUCH_USER = "no_such_user";
    /** 409: the user pool already has a user with this email as sign-in name. */
    public static final String USER_EXISTS = "user_exists";
    /** 503: the user pool throttled the call, failed on its side or did not answer in time; nothing was created. */
    public static final String USER_POOL_UNAVAILABLE = "user_pool_unavailable";
    /** 500: the user pool refused the call for a reason of the deployment (a missing grant, a wrong pool id). */
    public static final String USER_POOL_FAILED = "user_pool_failed";

    private AdminReasons() {
    }
}
