package io.cognitosuite.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.json.Json;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code user.signed_in} domain event, version 1: written to the outbox by the statement that records the
 * sign-in, relayed to the bus as the {@code detail} (see "Domain events on EventBridge" in the README). It carries
 * ids only, never personal data.
 *
 * <pre>{@code
 * {"version":1,"appUserId":"...","cognitoSub":"...","userPoolId":"...","clientId":"..."|null,"newDevice":false,
 *  "triggerSource":"PostAuthentication_Authentication","signedInAt":"2026-11-26T09:15:00.123Z"}
 * }</pre>
 *
 * <p>Two fields, {@link #APP_USER_ID} and {@link #USER_POOL_ID}, only the user's row holds. The sign-in runs inside
 * Cognito's trigger budget, so the writer does not read the row first: it sends {@link #toJsonWithoutRowFields} and
 * adds those two from the row in the same statement that updates it (one round trip).
 *
 * @param appUserId  the user's {@code app_users} row
 * @param userPoolId the user pool of that row
 * @param signIn     the sign-in itself
 */
public record UserSignedInEvent(UUID appUserId, String userPoolId, SignIn signIn) {
    public static final String TYPE = "user.signed_in";
    public static final int VERSION = 1;
    /** The field holding the user's row id, which only that row knows. */
    public static final String APP_USER_ID = "appUserId";
    /** The field holding the user pool of the row, which only that row knows. */
    public static final String USER_POOL_ID = "userPoolId";

    public UserSignedInEvent {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(signIn, "signIn");
    }

    /** The outbox payload. */
    public String toJson() {
        return Json.write(payload(signIn, appUserId, userPoolId));
    }

    /** The payload less {@link #APP_USER_ID} and {@link #USER_POOL_ID}, for a writer that adds them from the row. */
    public static String toJsonWithoutRowFields(SignIn signIn) {
        ObjectNode node = payload(Objects.requireNonNull(signIn, "signIn"), null, null);
        node.remove(APP_USER_ID);
        node.remove(USER_POOL_ID);
        return Json.write(node);
    }

    /** The one definition of the payload's fields, in the order the README documents them. */
    private static ObjectNode payload(SignIn signIn, UUID appUserId, String userPoolId) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("version", VERSION);
        node.put(APP_USER_ID, appUserId == null ? null : appUserId.toString());
        node.put("cognitoSub", signIn.cognitoSub());
        node.put(USER_POOL_ID, userPoolId);
        node.put("clientId", signIn.clientId());
        node.put("newDevice", signIn.newDevice());
        node.put("triggerSource", signIn.triggerSource());
        node.put("signedInAt", signIn.signedInAt().toString());
        return node;
    }
}
