package io.cognitosuite.core.port;

/**
 * The user pool refused to create this user for a reason that belongs to the request (its pre-sign-up trigger refused
 * the email's domain, or the email breaks the pool's rules for the attribute): the same request fails again. The
 * message names the API and the error code, never the email.
 */
public final class InvitationRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvitationRefusedException(String message) {
        super(message);
    }
}
