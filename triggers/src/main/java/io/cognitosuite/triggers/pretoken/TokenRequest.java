package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.domain.NewAppUser;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.MalformedEventException;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a pre-token generation event this trigger uses. Only {@code sub} (and, to create a
 * missing row, the name and email) are read from the user attributes; nothing the user can write
 * ({@code custom:*}, {@code clientMetadata}) reaches a claim.
 *
 * @param version       the event version
 * @param triggerSource the trigger source
 * @param userPoolId    the pool
 * @param userName      the pool user name ({@code null} for machine tokens)
 * @param sub           the user's {@code sub} ({@code null} for machine tokens)
 * @param email         email attribute, only used to create a missing row
 * @param emailVerified whether the email is verified
 */
public record TokenRequest(TokenEventVersion version, String triggerSource, String userPoolId, String userName,
                           String sub, String email, boolean emailVerified) {

    static final Set<String> USER_SOURCES = Set.of(
            "TokenGeneration_HostedAuth",
            "TokenGeneration_Authentication",
            "TokenGeneration_NewPasswordChallenge",
            "TokenGeneration_AuthenticateDevice",
            "TokenGeneration_RefreshTokens");

    /** A machine (client credentials) token: there is no user. */
    public boolean isMachine() {
        return PreTokenGenerationService.CLIENT_CREDENTIALS.equals(triggerSource);
    }

    static TokenRequest from(CognitoEvent event) throws MalformedEventException {
        String source = event.triggerSource();
        JsonNode request = event.json().path("request");
        boolean clientCredentials = PreTokenGenerationService.CLIENT_CREDENTIALS.equals(source);
        TokenEventVersion version = TokenEventVersion.of(event.version(), request, clientCredentials);
        if (clientCredentials) {
            if (version != TokenEventVersion.V3) {
                throw new MalformedEventException("client credentials tokens come only with event version 3");
            }
            return new TokenRequest(version, source, event.userPoolId(), null, null, null, false);
        }
        if (!USER_SOURCES.contains(source)) {
            // A fixed message: the source came from the event (and is "unknown" when outside the known set).
            throw new MalformedEventException("triggerSource is not a pre-token generation trigger source");
        }
        Map<String, String> attributes = event.userAttributes();
        String sub = attributes.get("sub");
        if (sub == null || sub.isBlank()) {
            throw new MalformedEventException("request.userAttributes.sub is missing");
        }
        if (event.userName() == null || event.userName().isBlank()) {
            throw new MalformedEventException("userName is missing or blank");
        }
        return new TokenRequest(version, source, event.userPoolId(), event.userName(), sub, attributes.get("email"),
                "true".equalsIgnoreCase(attributes.get("email_verified")));
    }

    NewAppUser toNewAppUser() {
        return new NewAppUser(userPoolId, sub, userName, email, emailVerified, null);
    }

    @Override
    public String toString() {
        return "TokenRequest[version=" + version + ", triggerSource=" + triggerSource + ", sub=" + sub + "]";
    }
}
