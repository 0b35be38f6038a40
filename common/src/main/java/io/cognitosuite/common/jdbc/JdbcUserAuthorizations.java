package io.cognitosuite.common.jdbc;

import io.cognitosuite.common.db.Database;
import io.cognitosuite.common.domain.UserAuthorization;
import io.cognitosuite.common.domain.WorkspaceMembership;
import io.cognitosuite.common.port.UserAuthorizations;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link UserAuthorizations} in PostgreSQL: a single statement returns the user's id, role, plan,
 * the first memberships in a fixed order (personal workspace, then owner, admin, member, viewer, then
 * workspace id) and the total number of memberships. The membership list is cut in the database, so a
 * user in thousands of workspaces costs no more than the claims can carry.
 */
public final class JdbcUserAuthorizations implements UserAuthorizations {
    static final String FIND = """
            SELECT u.id, u.role, u.billing_plan,
                   (SELECT count(*) FROM workspace_members c WHERE c.user_id = u.id) AS total,
                   m.workspace_ids, m.roles, m.personal
              FROM app_users u
              LEFT JOIN LATERAL (
                   SELECT array_agg(x.workspace_id ORDER BY x.rank, x.workspace_id) AS workspace_ids,
                          array_agg(x.role ORDER BY x.rank, x.workspace_id) AS roles,
                          array_agg(x.personal ORDER BY x.rank, x.workspace_id) AS personal
                     FROM (SELECT wm.workspace_id, wm.role, w.personal,
                                  CASE WHEN w.personal THEN 0
                                       WHEN wm.role = 'owner' THEN 1
                                       WHEN wm.role = 'admin' THEN 2
                                       WHEN wm.role = 'member' THEN 3
                                       ELSE 4 END AS rank
                             FROM workspace_members wm
                             JOIN workspaces w ON w.id = wm.workspace_id
                            WHERE wm.user_id = u.id
                            ORDER BY rank, wm.workspace_id
                            LIMIT ?) x
                   ) m ON true
             WHERE u.cognito_sub = ?
            """;

    private final Database database;

    public JdbcUserAuthorizations(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<UserAuthorization> find(String cognitoSub, int maxMemberships, Duration timeout) {
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        if (maxMemberships < 0) {
            throw new IllegalArgumentException("maxMemberships must not be negative");
        }
        return database.withConnection(timeout, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(FIND)) {
                ps.setInt(1, maxMemberships);
                ps.setString(2, cognitoSub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new UserAuthorization(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getString(3), memberships(rs.getArray(5), rs.getArray(6), rs.getArray(7)),
                            rs.getInt(4)));
                }
            }
        });
    }

    private static List<WorkspaceMembership> memberships(Array ids, Array roles, Array personal)
            throws java.sql.SQLException {
        if (ids == null) {
            return List.of();
        }
        Object[] idValues = (Object[]) ids.getArray();
        Object[] roleValues = (Object[]) roles.getArray();
        Object[] personalValues = (Object[]) personal.getArray();
        List<WorkspaceMembership> result = new ArrayList<>(idValues.length);
        for (int i = 0; i < idValues.length; i++) {
            result.add(new WorkspaceMembership((UUID) idValues[i], (String) roleValues[i],
                    Boolean.TRUE.equals(personalValues[i])));
        }
        return result;
    }
}
