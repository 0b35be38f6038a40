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
 * issue's benchmark), through the V8 function {@code app_user_profile}. The shape is that of V2's token lookup: the user by its unique {@code cognito_sub}, the
 * memberships by {@code workspace_members_user_id} (user, role rank, workspace id) in order with a limit, then each
 * workspace by its primary key. One row per membership, or one row with null membership columns for a user with none,
 * no row for an unknown sub. One more membership than {@link AppUserProfiles#MAX_MEMBERSHIPS} is read to tell that
 * there are more.
 */
public final class JdbcAppUserProfiles implements AppUserProfiles {
    /**
     * The V8 function {@code app_user_profile(sub, max)}: the lateral join below in PL/pgSQL, so that the server plans
     * it once per session even though the driver sends unnamed statements ({@code prepareThreshold=0}, for RDS Proxy),
     * as V5 did for the token lookup. The statement it replaced is {@code FormerProfileLookup} in the test jar.
     */
    public static final String PROFILE = "SELECT user_id, user_role, billing_plan, email, email_verified, workspace_id, "
            + "member_role, workspace_name, personal FROM app_user_profile(?, ?)";

    private final Database database;

    public JdbcAppUserProfiles(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<AppUserProfile> profile(String sub, Deadline deadline) {
        Objects.requireNonNull(sub, "sub");
        return database.withConnection(deadline, c -> {
            try (PreparedStatement ps = c.prepareStatement(PROFILE)) {
                ps.setString(1, sub);
                ps.setInt(2, MAX_MEMBERSHIPS + 1);
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
