package io.cognitosuite.triggers.pretoken;

/** What to do when the database cannot be asked within the deadline. */
public enum ClaimsUnavailablePolicy {
    /** Issue the token without app claims, plus {@code app_claims_unavailable}: nothing is granted. */
    OMIT,
    /** Fail the sign-in (or refresh) with a fixed, safe message. */
    DENY
}
