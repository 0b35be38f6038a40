package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.AppUserProfiles;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AppUserProfiles} in PostgreSQL: the user, their stored email and their first memberships with the workspaces'
 * names in <em>one</em> statement, so that an API's {@code GET /me} for an existing user is one round trip (the
 * issue's benchmark). The shape is that of V2's token lookup: the user by its unique {@code cognito_sub}, the
 * memberships by {@code workspace_members_user_id} (user, role rank, workspace id) in order with a limit, then each
 * workspace by its primary key. One row per membership, or one row with null membership columns for a user with none,
 * no row for an unknown sub. One more membership than {@link AppUserProfiles#MAX_MEMBERSHIPS} is read to tell that
 * there are more.
 */
public final class JdbcAppUserProfiles implements AppUserProfiles {
    static final String PROFILE = """
            SELECT u.id, u.role, u.billing_plan, u.email, u.email_verified, m.workspace_id, m.role, w.name, w.personal
              FROM app_users u
              LEFT JOIN LATERAL (
                   SELECT wm.workspace_id, wm.role, wm.role_rank
                     FROM workspace_members wm
                    WHERE wm.user_id = u.id
                    ORDER BY wm.role_rank, wm.workspace_id
                    LIMIT ?) m ON true
              LEFT JOIN workspaces w ON w.id = m.workspace_id
             WHERE u.cognito_sub = ?
             ORDER BY m.role_rank, m.workspace_id""";

    private final Database database;

    public JdbcAppUserProfiles(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<AppUserProfile> profile(String sub, Deadline deadline) {
        Objects.requireNonNull(sub, "sub");
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(PROFILE)) {
                ps.setInt(1, MAX_MEMBERSHIPS + 1);
                ps.setString(2, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AppUserProfile>empty();
                    }
                    AppUserStanding standing = new AppUserStanding(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getString(3));
                    Optional<String> email = Optional.ofNullable(rs.getString(4));
                    boolean emailVerified = rs.getBoolean(5);
                    List<AppUserProfile.Membership> memberships = new ArrayList<>();
                    boolean truncated = false;
                    do {
                        UUID workspace = rs.getObject(6, UUID.class);
                        // A workspace deleted between the two reads of the join has no name: the membership is gone too.
                        String name = rs.getString(8);
                        if (workspace == null || name == null) {
                            continue;
                        }
                        if (memberships.size() == MAX_MEMBERSHIPS) {
                            truncated = true;
                            break;
                        }
                        // The CHECK constraint allows only the four names; anything else is left out (grants nothing).
                        Optional<WorkspaceRole> role = WorkspaceRole.fromStoredName(rs.getString(7));
                        if (role.isPresent()) {
                            memberships.add(new AppUserProfile.Membership(workspace, name, role.get(), rs.getBoolean(9)));
                        }
                    } while (rs.next());
                    return Optional.of(new AppUserProfile(standing, sub, email, emailVerified, memberships, truncated));
                }
            }
        });
    }
}
