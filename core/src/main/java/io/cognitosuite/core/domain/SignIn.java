package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A successful sign-in, as post-authentication sees it.
 *
 * @param cognitoSub    the user's {@code sub}
 * @param clientId      the app client the user signed in to, or {@code null}
 * @param newDevice     whether Cognito reports a new device
 * @param triggerSource the trigger source
 * @param signedInAt    when the trigger ran
 */
public record SignIn(String cognitoSub, String clientId, boolean newDevice, String triggerSource, Instant signedInAt) {
    public SignIn {
        if (cognitoSub == null || cognitoSub.isBlank()) {
            throw new IllegalArgumentException("cognitoSub must not be blank");
        }
        Objects.requireNonNull(triggerSource, "triggerSource");
        Objects.requireNonNull(signedInAt, "signedInAt");
    }
}
