package io.cognitosuite.triggers.postauthentication;

/** What post-authentication did with a sign-in; whichever it is, the sign-in goes ahead. */
enum SignInOutcome {
    /** The sign-in is recorded: last time, count and a {@code user.signed_in} outbox event. */
    RECORDED,
    /** Not recorded: a foreign event, no app user yet, or the database slow or down. */
    NOT_RECORDED
}
