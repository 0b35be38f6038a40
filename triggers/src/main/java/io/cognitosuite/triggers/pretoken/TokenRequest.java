package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of a pre-token generation event this trigger uses. Only {@code sub} (and, to create a
 * missing row, the name and email) are read from the user attributes; nothing the user can write
 * ({@code custom:*}, {@code clientMetadata}) reaches a claim. Every attribute read must be a JSON string, as
 * Cognito sends them, and the {@code sub} must be one an {@code app_users} row may hold (the consumer's rules), all
 * checked before anything queries or logs it.
 *
 * @param version       the event version
 * @param triggerSource the trigger source
 * @param userPoolId    the pool
 * @param userName      the pool user name ({@code null} for machine tokens)
 * @param sub           the user's {@code sub} ({@code null} for machine tokens)
 * @param email         email attribute, only used to create a missing row
 * @param emailVerified whether the email is verified
 * @param clientId      the app client id from the envelope, or {@code null}; logged only as
 *                      {@link EnvelopeValues#clientId(String)} gives it
 */
public record TokenRequest(TokenEventVersion version, String triggerSource, String userPoolId, String userName,
                           String sub, String email, boolean emailVerified, String clientId) {

    /** The token generation sources that have a user: every known one but client credentials (one list names them). */
    static final Set<String> USER_SOURCES = EnvelopeValues.KNOWN_TRIGGER_SOURCES.stream()
            .filter(s -> s.startsWith("TokenGeneration_") && !s.equals(PreTokenGenerationService.CLIENT_CREDENTIALS))
            .collect(Collectors.toUnmodifiableSet());

    /** A machine (client credentials) token: there is no user. */
    public boolean isMachine() {
        return PreTokenGenerationService.CLIENT_CREDENTIALS.equals(triggerSource);
    }

    static TokenRequest from(CognitoEvent event) throws MalformedEventException {
        String source = event.triggerSource();
        JsonNode request = event.json().path("request");
        if (PreTokenGenerationService.CLIENT_CREDENTIALS.equals(source)) {
            TokenEventVersion version = TokenEventVersion.of(event.version(), request, true);
            if (version != TokenEventVersion.V3) {
                throw new MalformedEventException("client credentials tokens come only with event version 3");
            }
            return new TokenRequest(version, source, event.userPoolId(), null, null, null, false, event.clientId());
        }
        if (!USER_SOURCES.contains(source)) {
            // A fixed message: the source came from the event (and is "unknown" when outside the known set).
            throw new MalformedEventException("triggerSource is not a pre-token generation trigger source");
        }
        // First of all, before any log line (the version's warning included) or query: the sub is the key of both.
        String sub = storableSub(event.attribute("sub"));
        if (event.userName() == null || event.userName().isBlank()) {
            throw new MalformedEventException("userName is missing or blank");
        }
        String email = event.attribute("email");
        boolean emailVerified = "true".equalsIgnoreCase(event.attribute("email_verified"));
        TokenEventVersion version = TokenEventVersion.of(event.version(), request, false);
        return new TokenRequest(version, source, event.userPoolId(), event.userName(), sub, email, emailVerified,
                event.clientId());
    }

    /**
     * The sub by {@code user.confirmed}'s rule ({@link UserConfirmed#requireStorableSub}): one no row can hold (blank,
     * over 128 characters, a lone surrogate, a NUL) fails the request with the fixed could-not-process sentence. It
     * fails closed: looking such a sub up can only miss, creating it can only fail, and it must not reach the log.
     */
    private static String storableSub(String sub) throws MalformedEventException {
        try {
            UserConfirmed.requireStorableSub(sub);
        } catch (InvalidUserConfirmedException e) {
            throw new MalformedEventException(e.getMessage());
        }
        return sub;
    }

    NewAppUser toNewAppUser() {
        return new NewAppUser(userPoolId, sub, userName, email, emailVerified, null);
    }

    @Override
    public String toString() {
        return "TokenRequest[version=" + version + ", triggerSource=" + triggerSource + ", sub=" + sub + "]";
    }
}
