package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the app database knows of one user, as support reads it ({@code users show}): the row, the memberships and
 * the newest outbox events about the user.
 */
public record AppUserRecord(UUID id, String cognitoSub, String userPoolId, String username, String email,
                            boolean emailVerified, String role, String billingPlan, Instant createdAt,
                            Instant updatedAt, Instant lastSignInAt, int signInCount, List<Membership> memberships,
                            List<EventEntry> events) {
    public AppUserRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        memberships = List.copyOf(memberships);
        events = List.copyOf(events);
    }

    /** A workspace the user belongs to, and the role there. */
    public record Membership(UUID workspaceId, String workspaceName, boolean personal, String role) {
    }

    /** One outbox event about the user: published or not, how often tried, the last error. */
    public record EventEntry(UUID id, String type, int version, Instant occurredAt, Instant publishedAt, int attempts,
                             String lastError) {
        public boolean published() {
            return publishedAt != null;
        }
    }
}
