package io.cognitosuite.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code app_user.role_changed} domain event, version 1: written to the outbox in the transaction that changes an
 * app user's role or plan (an administrator's {@code PUT /admin/users/{sub}/role}, or an invitation with a role or plan
 * other than the defaults), together with its {@code admin_audit} row; relayed to the bus as the {@code detail}. Ids,
 * roles and plans only, never personal data (no email, no name).
 *
 * <pre>{@code
 * {"version":1,"appUserId":"...","cognitoSub":"...","previousRole":"user","previousPlan":"free","role":"admin",
 *  "plan":"free","changedByAppUserId":"...","adminAuditId":"...","changedAt":"2026-12-01T17:15:00.123456Z"}
 * }</pre>
 *
 * @param appUserId          the changed {@code app_users} row
 * @param cognitoSub         its {@code sub}
 * @param previousRole       the role before, as read under the row lock
 * @param previousPlan       the plan before
 * @param role               the role now
 * @param plan               the plan now
 * @param changedByAppUserId the administrator's {@code app_users.id}
 * @param adminAuditId       the {@code admin_audit} row of the change (where the request id is)
 * @param changedAt          the audit row's {@code occurred_at}
 */
public record AppUserRoleChangedEvent(UUID appUserId, String cognitoSub, String previousRole, String previousPlan,
                                      String role, String plan, UUID changedByAppUserId, UUID adminAuditId,
                                      Instant changedAt) {
    public static final String TYPE = "app_user.role_changed";
    public static final int VERSION = 1;

    public AppUserRoleChangedEvent {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        Objects.requireNonNull(previousRole, "previousRole");
        Objects.requireNonNull(previousPlan, "previousPlan");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(changedByAppUserId, "changedByAppUserId");
        Objects.requireNonNull(adminAuditId, "adminAuditId");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /** The outbox payload, fields in the documented order. */
    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("version", VERSION);
        node.put("appUserId", appUserId.toString());
        node.put("cognitoSub", cognitoSub);
        node.put("previousRole", previousRole);
        node.put("previousPlan", previousPlan);
        node.put("role", role);
        node.put("plan", plan);
        node.put("changedByAppUserId", changedByAppUserId.toString());
        node.put("adminAuditId", adminAuditId.toString());
        node.put("changedAt", changedAt.toString());
        return Json.write(node);
    }
}
