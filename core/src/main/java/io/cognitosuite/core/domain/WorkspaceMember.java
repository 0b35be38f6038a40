package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One member of a workspace, as the workspace's admins may list them: the app user id and the role, nothing of the
 * user's profile (no email: that is the member's own data, not the workspace's).
 *
 * @param appUserId   {@code workspace_members.user_id}
 * @param role        the member's role
 * @param memberSince {@code workspace_members.created_at}
 */
public record WorkspaceMember(UUID appUserId, WorkspaceRole role, Instant memberSince) {
    public WorkspaceMember {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(memberSince, "memberSince");
    }
}
