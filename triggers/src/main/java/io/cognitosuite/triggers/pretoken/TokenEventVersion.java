package io.cognitosuite.triggers.pretoken;

import io.cognitosuite.common.trigger.MalformedEventException;

/** The pre-token generation event versions Cognito sends. */
public enum TokenEventVersion {
    /** {@code V1_0}: ID token claims, string values only ({@code claimsOverrideDetails}). */
    V1,
    /** {@code V2_0}: ID and access token claims of any JSON type, and scopes ({@code claimsAndScopeOverrideDetails}). */
    V2,
    /** {@code V3_0}: as V2, plus machine-to-machine (client credentials) tokens. */
    V3;

    /** Reads the {@code version} field ({@code "1"}, {@code "2"}, {@code "3"}, or {@code "V2_0"} style). */
    static TokenEventVersion of(String version, boolean hasScopes, String triggerSource) throws MalformedEventException {
        if (version == null || version.isBlank()) {
            if (PreTokenGenerationService.CLIENT_CREDENTIALS.equals(triggerSource)) {
                return V3;
            }
            return hasScopes ? V2 : V1;
        }
        String v = version.strip().toUpperCase(java.util.Locale.ROOT);
        return switch (v) {
            case "1", "1.0", "V1", "V1_0" -> V1;
            case "2", "2.0", "V2", "V2_0" -> V2;
            case "3", "3.0", "V3", "V3_0" -> V3;
            default -> throw new MalformedEventException("version " + version + " is not a pre-token generation event version");
        };
    }
}
