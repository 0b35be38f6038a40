package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.observability.Fingerprint;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pre-token generation event versions Cognito sends. */
public enum TokenEventVersion {
    /** {@code V1_0}: ID token claims, string values only ({@code claimsOverrideDetails}). */
    V1,
    /** {@code V2_0}: ID and access token claims of any JSON type, and scopes ({@code claimsAndScopeOverrideDetails}). */
    V2,
    /** {@code V3_0}: as V2, plus machine-to-machine (client credentials) tokens. */
    V3;

    /** The fixed reason logged when the {@code version} field is not one Cognito documents. */
    static final String UNDOCUMENTED_VERSION = "pre-token event version is not one Cognito documents (1, 2, 3)";
    private static final Logger LOG = LoggerFactory.getLogger(TokenEventVersion.class);

    /**
     * Reads the {@code version} field ({@code "1"}, {@code "2"}, {@code "3"}, or {@code "V2_0"} style). Any
     * other value, or none (cognito-local sends {@code "0"} in every event), is not a reason to fail a
     * sign-in: the version is read from the event's shape instead ({@code request.scopes} present → V2,
     * otherwise V1; a client credentials event is always V3), with a warning that never quotes the value.
     * Cognito's own V2 and V3 events always carry {@code request.scopes}, so a V1 reading only happens to
     * an event that has no scopes to add or suppress; it yields fewer claims, never other ones.
     *
     * @param request the event's {@code request} (a missing node when there is none)
     */
    static TokenEventVersion of(String version, JsonNode request, boolean clientCredentials) {
        TokenEventVersion documented = documented(version);
        if (documented != null) {
            return documented;
        }
        TokenEventVersion byShape = clientCredentials ? V3 : request.path("scopes").isArray() ? V2 : V1;
        LOG.warn("{}; read as {} from the event's shape (received {})", UNDOCUMENTED_VERSION, byShape,
                version == null ? "no version" : Fingerprint.of(version));
        return byShape;
    }

    private static TokenEventVersion documented(String version) {
        if (version == null) {
            return null;
        }
        return switch (version.strip().toUpperCase(Locale.ROOT)) {
            case "1", "1.0", "V1", "V1_0" -> V1;
            case "2", "2.0", "V2", "V2_0" -> V2;
            case "3", "3.0", "V3", "V3_0" -> V3;
            default -> null;
        };
    }
}
