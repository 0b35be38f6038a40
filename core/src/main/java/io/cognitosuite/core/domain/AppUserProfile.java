package io.cognitosuite.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a user may read about themselves (an API's {@code GET /me}): their standing, their own stored email, and the
 * workspaces they belong to, read together in one statement.
 *
 * @param standing             {@code app_users}' id, role and plan
 * @param cognitoSub           {@code app_users.cognito_sub}
 * @param email                {@code app_users.email} when one is stored (the user's own data)
 * @param emailVerified        {@code app_users.email_verified}
 * @param memberships          the first {@code limit} memberships, strongest role first, then by workspace id
 * @param membershipsTruncated whether the user has more memberships than were read
 */
public record AppUserProfile(AppUserStanding standing, String cognitoSub, Optional<String> email, boolean emailVerified,
                             List<Membership> memberships, boolean membershipsTruncated) {
    public AppUserProfile {
        Objects.requireNonNull(standing, "standing");
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        Objects.requireNonNull(email, "email");
        memberships = List.copyOf(memberships);
    }

    /**
     * One workspace the user belongs to.
     *
     * @param workspaceId   {@code workspaces.id}
     * @param workspaceName {@code workspaces.name}
     * @param role          the user's role in it
     * @param personal      whether it is a personal workspace
     */
    public record Membership(UUID workspaceId, String workspaceName, WorkspaceRole role, boolean personal) {
        public Membership {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(workspaceName, "workspaceName");
            Objects.requireNonNull(role, "role");
        }
    }

    /** The email, never in full: {@code toString} ends up in logs and assertion messages. */
    @Override
    public String toString() {
        return "AppUserProfile[appUserId=" + standing.appUserId() + ", memberships=" + memberships.size()
                + (membershipsTruncated ? "+" : "") + "]";
    }
}
