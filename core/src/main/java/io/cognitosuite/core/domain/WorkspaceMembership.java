package io.cognitosuite.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * A user's role in one workspace.
 *
 * @param workspaceId the workspace
 * @param role        owner, admin, member or viewer
 * @param personal    whether it is the user's personal workspace
 */
public record WorkspaceMembership(UUID workspaceId, String role, boolean personal) {
    public WorkspaceMembership {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(role, "role");
    }
}
