package io.cognitosuite.triggers.presignup;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import java.util.Objects;

/**
 * The parts of a pre-sign-up event the policy uses, checked: the trigger source is one of pre-sign-up's three, and an
 * external-provider sign-up's {@code userName} names its provider ({@code Provider_id}). Anything else is a
 * malformed event, which the user sees as the could-not-process sentence.
 *
 * @param triggerSource     {@link PreSignUpService#SIGN_UP}, {@link PreSignUpService#ADMIN_CREATE_USER} or
 *                          {@link PreSignUpService#EXTERNAL_PROVIDER}
 * @param userPoolId        the pool, where a federated sign-up's native user is looked up
 * @param email             the {@code email} attribute as the event holds it, or {@code null}; read leniently
 *                          ({@link CognitoEvent#userAttributes()}): a value that is not a JSON string comes as its
 *                          JSON text, which is never a plain address, so the policy refuses it
 * @param federatedIdentity the provider identity of an external-provider sign-up; {@code null} for the other sources
 * @param emailVerified     what the event says about {@code email_verified}
 */
record SignUpRequest(String triggerSource, String userPoolId, String email, FederatedIdentity federatedIdentity,
                     EmailVerified emailVerified) {
    private static final String EMAIL_VERIFIED = "email_verified";

    SignUpRequest {
        Objects.requireNonNull(triggerSource, "triggerSource");
        Objects.requireNonNull(emailVerified, "emailVerified");
    }

    /** What the event says about the email: only the exact string {@code "true"} is {@link #TRUE}. */
    enum EmailVerified {
        /** {@code email_verified} is the JSON string {@code "true"}. */
        TRUE,
        /** {@code email_verified} is there with any other value ({@code "True"}, {@code "1"}, a JSON boolean, null). */
        NOT_TRUE,
        /** There is no {@code email_verified} at all (SAML never sends it). */
        ABSENT
    }

    static SignUpRequest from(CognitoEvent event) throws MalformedEventException {
        String source = event.triggerSource();
        if (!PreSignUpService.SIGN_UP.equals(source) && !PreSignUpService.ADMIN_CREATE_USER.equals(source)
                && !PreSignUpService.EXTERNAL_PROVIDER.equals(source)) {
            // A fixed reason: the trigger source is whatever the event says.
            throw new MalformedEventException("triggerSource is not a pre-sign-up trigger source");
        }
        FederatedIdentity identity = null;
        if (PreSignUpService.EXTERNAL_PROVIDER.equals(source)) {
            identity = FederatedIdentity.fromUserName(event.userName());
            if (identity == null) {
                throw new MalformedEventException("userName of an external-provider sign-up must look like Provider_id");
            }
        }
        return new SignUpRequest(source, event.userPoolId(), event.userAttributes().get("email"), identity,
                emailVerified(event));
    }

    /**
     * Fails closed: only the exact string {@code "true"} counts. Cognito passes attribute values as lower-case strings,
     * so {@code "True"}, {@code "1"} or a JSON boolean is not something Cognito sends and is not believed.
     */
    private static EmailVerified emailVerified(CognitoEvent event) {
        JsonNode verified = event.json().path("request").path("userAttributes").get(EMAIL_VERIFIED);
        if (verified == null) {
            return EmailVerified.ABSENT;
        }
        return verified.isTextual() && "true".equals(verified.textValue()) ? EmailVerified.TRUE : EmailVerified.NOT_TRUE;
    }

    /** {@code Google_1234} → provider {@code Google}, user id {@code 1234}. */
    record FederatedIdentity(String provider, String providerUserId) {
        static FederatedIdentity fromUserName(String userName) {
            if (userName == null) {
                return null;
            }
            int underscore = userName.indexOf('_');
            if (underscore <= 0 || underscore == userName.length() - 1) {
                return null;
            }
            return new FederatedIdentity(userName.substring(0, underscore), userName.substring(underscore + 1));
        }
    }
}
