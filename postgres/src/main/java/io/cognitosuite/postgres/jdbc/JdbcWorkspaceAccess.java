package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.WorkspaceAccess;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link WorkspaceAccess} in PostgreSQL: one statement per call, each on a unique index ({@code app_users}'s
 * {@code cognito_sub} key, {@code workspace_members}' primary key), each bounded by the caller's deadline.
 */
public final class JdbcWorkspaceAccess implements WorkspaceAccess {
    static final String APP_USER = "SELECT id, role, billing_plan FROM app_users WHERE cognito_sub = ?";
    static final String WORKSPACE_ROLE = "SELECT role FROM workspace_members WHERE user_id = ? AND workspace_id = ?";

    private final Database database;

    public JdbcWorkspaceAccess(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<AppUserStanding> appUser(String sub, Deadline deadline) {
        Objects.requireNonNull(sub, "sub");
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(APP_USER)) {
                ps.setString(1, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new AppUserStanding(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
        });
    }

    @Override
    public Optional<WorkspaceRole> workspaceRole(UUID appUserId, UUID workspaceId, Deadline deadline) {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(WORKSPACE_ROLE)) {
                ps.setObject(1, appUserId);
                ps.setObject(2, workspaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    // The CHECK constraint allows only the four names; anything else would grant nothing (fails closed).
                    return rs.next() ? WorkspaceRole.fromStoredName(rs.getString(1)) : Optional.<WorkspaceRole>empty();
                }
            }
        });
    }
}
