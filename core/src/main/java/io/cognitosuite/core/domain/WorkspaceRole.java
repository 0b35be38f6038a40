package io.cognitosuite.core.domain;

import java.util.Optional;

/**
 * A member's role in a workspace, in the order of what it allows: viewer &lt; member &lt; admin &lt; owner. The names are
 * those of {@code workspace_members.role}'s CHECK constraint; {@link #rank()} is the rule of V2's generated column
 * {@code workspace_members.role_rank} (owner 1 … viewer 4, smaller is stronger), so the database and the code order
 * roles the same way ({@code JdbcWorkspaceAccessIT} compares the two for every role).
 */
public enum WorkspaceRole {
    OWNER("owner", 1),
    ADMIN("admin", 2),
    MEMBER("member", 3),
    VIEWER("viewer", 4);

    private final String storedName;
    private final int rank;

    WorkspaceRole(String storedName, int rank) {
        this.storedName = storedName;
        this.rank = rank;
    }

    /** The value in {@code workspace_members.role}. */
    public String storedName() {
        return storedName;
    }

    /** {@code workspace_members.role_rank}: 1 for owner to 4 for viewer. */
    public int rank() {
        return rank;
    }

    /** Whether this role allows at least what {@code minimum} allows. */
    public boolean atLeast(WorkspaceRole minimum) {
        return rank <= minimum.rank;
    }

    /** The role stored as {@code name}, or empty for anything else (exact, lower case). */
    public static Optional<WorkspaceRole> fromStoredName(String name) {
        for (WorkspaceRole role : values()) {
            if (role.storedName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
