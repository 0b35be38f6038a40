package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import io.cognitosuite.postgres.testing.FormerTokenLookup;

import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The V5 function {@code user_authorization} against the inline statement it replaced (kept here as the
 * reference): the same rows, in the order the caller relies on when it keeps the first ones.
 */
class UserAuthorizationFunctionIT {
    /** The inline lateral join of V2, as JdbcUserAuthorizations ran it before V5 (its row order is not guaranteed). */
    private static final String REFERENCE = FormerTokenLookup.INLINE_QUERY;
    private static final String FUNCTION = JdbcUserAuthorizations.QUERY;
    private static final List<String> ROLES_BY_RANK = List.of("owner", "admin", "member", "viewer");

    private MigratedDatabase db;

    record Row(UUID userId, String userRole, String plan, UUID workspaceId, String memberRole, Boolean personal) {
        int roleRank() {
            return memberRole == null ? Integer.MAX_VALUE : ROLES_BY_RANK.indexOf(memberRole);
        }
    }

    private static final Comparator<Row> LATERAL_ORDER = Comparator.comparingInt(Row::roleRank)
            // PostgreSQL orders uuids byte by byte, as their lower-case hex text sorts (UUID.compareTo is signed).
            .thenComparing(row -> row.workspaceId() == null ? null : row.workspaceId().toString(),
                    Comparator.nullsLast(Comparator.naturalOrder()));

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("user_authz");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void function_returnsTheReferenceRowsInRankOrder_forNoneOneAndMoreThanTheLimitOfMemberships() {
        givenUser("sub-none", List.of(), false);
        givenUser("sub-one", List.of("member"), true);
        givenUser("sub-many", List.of("viewer", "member", "viewer", "admin", "member", "owner", "viewer"), true);
        givenUser("sub-no-personal", List.of("viewer", "admin", "member"), false);

        for (String sub : List.of("sub-none", "sub-one", "sub-many", "sub-no-personal", "sub-unknown")) {
            for (int limit : List.of(1, 3, 10)) {
                List<Row> function = rows(FUNCTION, sub, limit, true);
                List<Row> reference = rows(REFERENCE, sub, limit, false);

                assertThat(function).as("%s limit %d", sub, limit).containsExactlyInAnyOrderElementsOf(reference);
                assertThat(function).as("%s limit %d in rank order", sub, limit).isSortedAccordingTo(LATERAL_ORDER);
            }
        }
        assertThat(rows(FUNCTION, "sub-none", 3, true)).singleElement()
                .satisfies(row -> assertThat(row.workspaceId()).isNull());
        assertThat(rows(FUNCTION, "sub-no-personal", 3, true)).extracting(Row::personal).containsOnlyNulls();
    }

    @Test
    void function_keepsTheLowestRoleRankMemberships_whenTheUserHasMoreThanTheLimit() {
        givenUser("sub-many", List.of("viewer", "member", "viewer", "admin", "member", "owner", "viewer"), true);

        List<Row> kept = rows(FUNCTION, "sub-many", 3, true);

        assertThat(kept).extracting(Row::memberRole).containsExactly("owner", "admin", "member");
    }

    /** A user with one workspace per role; the first is the personal one when {@code personal}. */
    private void givenUser(String sub, List<String> roles, boolean personal) {
        db.database().inTransaction(c -> {
            UUID userId = UUID.randomUUID();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO app_users (id, cognito_sub, user_pool_id, username) VALUES (?, ?, 'pool', ?)")) {
                ps.setObject(1, userId);
                ps.setString(2, sub);
                ps.setString(3, sub);
                ps.executeUpdate();
            }
            for (int i = 0; i < roles.size(); i++) {
                UUID workspaceId = UUID.randomUUID();
                boolean isPersonal = personal && i == 0;
                insertWorkspace(c, workspaceId, userId, isPersonal);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)")) {
                    ps.setObject(1, workspaceId);
                    ps.setObject(2, userId);
                    ps.setString(3, roles.get(i));
                    ps.executeUpdate();
                }
                if (isPersonal) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE app_users SET personal_workspace_id = ? WHERE id = ?")) {
                        ps.setObject(1, workspaceId);
                        ps.setObject(2, userId);
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private static void insertWorkspace(Connection c, UUID workspaceId, UUID ownerId, boolean personal) 
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO workspaces (id, name, owner_user_id, personal) VALUES (?, 'w', ?, ?)")) {
            ps.setObject(1, workspaceId);
            ps.setObject(2, ownerId);
            ps.setBoolean(3, personal);
            ps.executeUpdate();
        }
    }

    private List<Row> rows(String sql, String sub, int limit, boolean subFirst) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(subFirst ? 1 : 2, sub);
                ps.setInt(subFirst ? 2 : 1, limit);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getObject(4, UUID.class), rs.getString(5), (Boolean) rs.getObject(6)));
                    }
                }
                return rows;
            }
        });
    }
}
