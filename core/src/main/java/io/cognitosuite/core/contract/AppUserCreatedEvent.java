package io.cognitosuite.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code app_user.created} domain event, version 1: written to the outbox in the transaction that provisions
 * the user, relayed to the bus as the {@code detail} (see "Domain events on EventBridge" in the README). It carries
 * ids only, never personal data.
 *
 * <pre>{@code
 * {"version":1,"appUserId":"...","cognitoSub":"...","userPoolId":"...","personalWorkspaceId":"...",
 *  "createdAt":"2026-11-26T09:15:00.123456Z"}
 * }</pre>
 *
 * <p>The consumer's provisioning writes these same fields in SQL, from the rows it inserts in the same statement
 * (PostgreSQL function {@code provision_app_users}, migration V9, {@code createdAt} as {@link Instant#toString()}
 * prints it); {@code JdbcAppUsersIT} pins the stored payload to {@link #toJson()}.
 *
 * @param appUserId           the new {@code app_users} row
 * @param cognitoSub          the user's {@code sub}
 * @param userPoolId          the user pool the user confirmed in
 * @param personalWorkspaceId the personal workspace created with the user
 * @param createdAt           the row's {@code created_at}
 */
public record AppUserCreatedEvent(UUID appUserId, String cognitoSub, String userPoolId, UUID personalWorkspaceId,
                                  Instant createdAt) {
    public static final String TYPE = "app_user.created";
    public static final int VERSION = 1;

    public AppUserCreatedEvent {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        Objects.requireNonNull(personalWorkspaceId, "personalWorkspaceId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The outbox payload. */
    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("version", VERSION);
        node.put("appUserId", appUserId.toString());
        node.put("cognitoSub", cognitoSub);
        node.put("userPoolId", userPoolId);
        node.put("personalWorkspaceId", personalWorkspaceId.toString());
        node.put("createdAt", createdAt.toString());
        return Json.write(node);
    }
}
