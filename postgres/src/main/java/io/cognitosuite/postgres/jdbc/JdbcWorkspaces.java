package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.domain.WorkspaceSummary;
import io.cognitosuite.core.port.Workspaces;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Workspaces} in PostgreSQL: a workspace by its primary key; its members by the primary key of
 * {@code workspace_members} (workspace id first), in role order with a limit.
 */
public final class JdbcWorkspaces implements Workspaces {
    static final String WORKSPACE = "SELECT id, name, personal, created_at FROM workspaces WHERE id = ?";
    static final String MEMBERS = """
            SELECT user_id, role, created_at
              FROM workspace_members
             WHERE workspace_id = ?
             ORDER BY role_rank, user_id
             LIMIT ?""";

    private final Database database;

    public JdbcWorkspaces(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<WorkspaceSummary> workspace(UUID workspaceId, Deadline deadline) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(WORKSPACE)) {
                ps.setObject(1, workspaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<WorkspaceSummary>empty();
                    }
                    return Optional.of(new WorkspaceSummary(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getBoolean(3), rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        });
    }

    @Override
    public List<WorkspaceMember> members(UUID workspaceId, int limit, Deadline deadline) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (limit < 1 || limit > MAX_MEMBERS + 1) {
            throw new IllegalArgumentException("limit must be between 1 and " + (MAX_MEMBERS + 1) + " but is " + limit);
        }
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(MEMBERS)) {
                ps.setObject(1, workspaceId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<WorkspaceMember> members = new ArrayList<>();
                    while (rs.next()) {
                        // The CHECK constraint allows only the four names; anything else is left out.
                        Optional<WorkspaceRole> role = WorkspaceRole.fromStoredName(rs.getString(2));
                        if (role.isPresent()) {
                            members.add(new WorkspaceMember(rs.getObject(1, UUID.class), role.get(),
                                    rs.getObject(3, OffsetDateTime.class).toInstant()));
                        }
                    }
                    return members;
                }
            }
        });
    }
}
