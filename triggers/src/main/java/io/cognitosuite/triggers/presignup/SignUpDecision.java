package io.cognitosuite.triggers.presignup;

/**
 * A sign-up the policy lets through, and how: refusals never become a decision, they fail the trigger with
 * {@link PreSignUpService#REFUSED}.
 *
 * @param autoConfirmUser whether the user is confirmed without a code
 * @param autoVerifyEmail whether the email is marked verified (only for a trusted provider that vouches for it)
 */
record SignUpDecision(boolean autoConfirmUser, boolean autoVerifyEmail) {
}
