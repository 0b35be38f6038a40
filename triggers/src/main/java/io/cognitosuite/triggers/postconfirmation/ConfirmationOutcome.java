package io.cognitosuite.triggers.postconfirmation;

/** What post-confirmation did; a message that could not be sent is never an outcome, it fails the trigger. */
enum ConfirmationOutcome {
    /** A confirmed sign-up: {@code user.confirmed} is on the queue. */
    PUBLISHED,
    /** A confirmed password reset: not a new user, nothing to send. */
    NOTHING_TO_PUBLISH
}
