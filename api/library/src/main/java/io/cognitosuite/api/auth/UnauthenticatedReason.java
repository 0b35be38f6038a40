package io.cognitosuite.api.auth;

/**
 * Why a request is not authenticated, as a fixed code for the log. The code never reaches the caller: every reason is
 * the same 401 to the outside, so a caller cannot learn which check a forged request tripped.
 */
public enum UnauthenticatedReason {
    /** No authorizer, or an authorizer without claims: the route has no JWT/Cognito authorizer, or a test called it directly. */
    NO_VERIFIED_CLAIMS("no_verified_claims"),
    /** No {@code sub} claim, or a blank one. */
    NO_SUBJECT("no_subject"),
    /** A {@code sub} the app database could never store (too long, a NUL, a lone surrogate): the consumer's own rule. */
    UNUSABLE_SUBJECT("unusable_subject"),
    /** No {@code token_use} claim: not a Cognito token this library can tell apart. */
    NO_TOKEN_USE("no_token_use"),
    /** {@code token_use} is not {@code access}: an ID token (or anything else) sent as a bearer token. */
    NOT_AN_ACCESS_TOKEN("not_an_access_token"),
    /** No {@code client_id} claim, which every Cognito access token carries. */
    NO_CLIENT_ID("no_client_id");

    private final String code;

    UnauthenticatedReason(String code) {
        this.code = code;
    }

    /** The code the log line names, such as {@code not_an_access_token}. */
    public String code() {
        return code;
    }
}
