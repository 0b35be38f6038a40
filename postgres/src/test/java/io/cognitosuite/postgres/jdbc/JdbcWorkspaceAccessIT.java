package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.CountingDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcWorkspaceAccessIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private static MigratedDatabase db;
    private static JdbcWorkspaceAccess access;
    private static UUID ownerId;
    private static UUID otherId;
    private static UUID ownersWorkspace;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("workspace_access");
        access = new JdbcWorkspaceAccess(db.database());
        var created = new JdbcAppUsers(db.database()).provision(List.of(user("sub-owner"), user("sub-other")), soon());
        ownerId = created.get(0).appUserId();
        otherId = created.get(1).appUserId();
        ownersWorkspace = personalWorkspaceOf(ownerId);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void appUser_ofAnExistingSub_isItsIdRoleAndPlan_inOneStatement() {
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());

        var found = new JdbcWorkspaceAccess(Database.over(counting)).appUser("sub-owner", soon());

        assertThat(found).contains(new AppUserStanding(ownerId, "user", "free"));
        assertThat(counting.statements()).isEqualTo(1);
    }

    @Test
    void appUser_ofAnUnknownSub_isEmpty() {
        assertThat(access.appUser("sub-nobody", soon())).isEmpty();
    }

    @Test
    void workspaceRole_ofTheOwnerOfTheirPersonalWorkspace_isOwner_inOneStatement() {
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());

        var role = new JdbcWorkspaceAccess(Database.over(counting)).workspaceRole(ownerId, ownersWorkspace, soon());

        assertThat(role).contains(WorkspaceRole.OWNER);
        assertThat(counting.statements()).isEqualTo(1);
    }

    @Test
    void workspaceRole_ofANonMember_andOfAnUnknownWorkspace_isEmpty() {
        assertThat(access.workspaceRole(otherId, ownersWorkspace, soon())).isEmpty();
        assertThat(access.workspaceRole(ownerId, UUID.randomUUID(), soon())).isEmpty();
    }

    @Test
    void workspaceRole_readsEveryStoredRole_andTheCodesRankIsTheDatabasesRoleRank() {
        UUID workspace = personalWorkspaceOf(otherId);
        for (WorkspaceRole role : WorkspaceRole.values()) {
            db.database().withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workspace_members (workspace_id, user_id, role)"
                        + " VALUES (?, ?, ?) ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role")) {
                    ps.setObject(1, workspace);
                    ps.setObject(2, ownerId);
                    ps.setString(3, role.storedName());
                    return ps.executeUpdate();
                }
            });

            assertThat(access.workspaceRole(ownerId, workspace, soon())).contains(role);
            assertThat(db.count("SELECT role_rank FROM workspace_members WHERE workspace_id = '" + workspace
                    + "' AND user_id = '" + ownerId + "'")).isEqualTo(role.rank());
        }
    }

    @Test
    void calls_whenTheDeadlineHasPassed_failAsDataAccess() {
        Deadline over = Deadline.after(Duration.ZERO, Clock.systemUTC());

        assertThatThrownBy(() -> access.appUser("sub-owner", over)).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> access.workspaceRole(ownerId, ownersWorkspace, over))
                .isInstanceOf(DataAccessException.class);
    }

    private static UUID personalWorkspaceOf(UUID userId) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM workspaces WHERE owner_user_id = ? AND personal")) {
                ps.setObject(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static NewAppUser user(String sub) {
        return new NewAppUser(POOL, sub, sub, null, false, null);
    }
}
