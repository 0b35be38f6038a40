package io.cognitosuite.triggers.postconfirmation;

import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import java.time.Instant;

/**
 * The parts of a post-confirmation event the trigger uses. For a confirmed sign-up, every attribute is read with
 * {@link CognitoEvent#attribute}: a JSON string, as Cognito sends them; a number or an object is malformed, not turned
 * into text. A confirmed password reset is not a new user, so nothing else is read from it. Reasons name the field,
 * never its value.
 *
 * @param triggerSource    {@link PostConfirmationService#CONFIRM_SIGN_UP} or
 *                         {@link PostConfirmationService#CONFIRM_FORGOT_PASSWORD}
 * @param userPoolId       the pool ({@code null} for a password reset, as every field below)
 * @param sub              the {@code sub} attribute
 * @param username         the pool user name, read strictly under the contract's name for it
 * @param email            the {@code email} attribute
 * @param emailVerified    whether {@code email_verified} is {@code "true"} (any case)
 * @param identityProvider the provider of the first linked identity, or {@code null} for a native user
 */
record ConfirmationRequest(String triggerSource, String userPoolId, String sub, String username, String email,
                           boolean emailVerified, String identityProvider) {

    static ConfirmationRequest from(CognitoEvent event) throws MalformedEventException {
        String source = event.triggerSource();
        switch (source) {
            case PostConfirmationService.CONFIRM_SIGN_UP -> {
                String sub = event.attribute("sub");
                String email = event.attribute("email");
                boolean verified = "true".equalsIgnoreCase(event.attribute("email_verified"));
                String identities = event.attribute("identities");
                // The envelope keeps a non-string userName as null; read strictly, under the contract's name for it.
                String username = CognitoEvent.stringField(event.json(), "userName", "username");
                return new ConfirmationRequest(source, event.userPoolId(), sub, username, email, verified,
                        IdentityProviders.primaryProvider(identities));
            }
            case PostConfirmationService.CONFIRM_FORGOT_PASSWORD -> {
                return new ConfirmationRequest(source, null, null, null, null, false, null);
            }
            // A fixed reason: the trigger source is whatever the event says.
            default -> throw new MalformedEventException("triggerSource is not a post-confirmation trigger source");
        }
    }

    /** Whether this confirms a new user (and so is published), rather than a password reset. */
    boolean confirmsSignUp() {
        return PostConfirmationService.CONFIRM_SIGN_UP.equals(triggerSource);
    }

    /**
     * The confirmed user, by the contract's own rules ({@link UserConfirmed}'s constructor, which the consumer applies
     * too), so that what the consumer would refuse fails here, where the user sees it. The rules live in that
     * constructor alone, which also takes the time of confirmation: the invocation's, so the service asks for it.
     *
     * @throws MalformedEventException with the contract's reason (the field and the rule, never the value)
     */
    UserConfirmed userConfirmedAt(Instant occurredAt) throws MalformedEventException {
        try {
            return new UserConfirmed(userPoolId, sub, username, email, emailVerified, identityProvider, triggerSource,
                    occurredAt);
        } catch (InvalidUserConfirmedException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    /** Never the attributes: they hold personal data. */
    @Override
    public String toString() {
        return "ConfirmationRequest[triggerSource=" + triggerSource + ", sub=" + sub + "]";
    }
}
