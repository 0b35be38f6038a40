package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.testing.FormerProfileLookup;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.CountingDataSource;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API's reads, {@link JdbcAppUserProfiles} and {@link JdbcWorkspaces}, on a migrated PostgreSQL. */
class JdbcAppUserProfilesIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private static MigratedDatabase db;
    private static JdbcAppUserProfiles profiles;
    private static JdbcWorkspaces workspaces;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("app_user_profiles");
        profiles = new JdbcAppUserProfiles(db.database());
        workspaces = new JdbcWorkspaces(db.database());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void profile_isTheUserTheirEmailAndTheirMemberships_strongestRoleFirst_inOneStatement() {
        UUID ada = provision("sub-ada", "ada@example.com");
        UUID bob = provision("sub-bob", null);
        UUID bobsTeam = workspace("Bob's team", bob);
        member(bobsTeam, ada, WorkspaceRole.VIEWER);
        UUID adasTeam = workspace("Ada's team", ada);
        member(adasTeam, ada, WorkspaceRole.ADMIN);
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());

        AppUserProfile profile = new JdbcAppUserProfiles(Database.over(counting)).profile("sub-ada", soon()).orElseThrow();

        assertThat(counting.statements()).isEqualTo(1);
        assertThat(profile.standing().appUserId()).isEqualTo(ada);
        assertThat(profile.standing().role()).isEqualTo("user");
        assertThat(profile.standing().plan()).isEqualTo("free");
        assertThat(profile.cognitoSub()).isEqualTo("sub-ada");
        assertThat(profile.email()).contains("ada@example.com");
        assertThat(profile.memberships()).extracting(AppUserProfile.Membership::role)
                .containsExactly(WorkspaceRole.OWNER, WorkspaceRole.ADMIN, WorkspaceRole.VIEWER);
        assertThat(profile.memberships().get(0).personal()).isTrue();
        assertThat(profile.memberships().get(1)).isEqualTo(
                new AppUserProfile.Membership(adasTeam, "Ada's team", WorkspaceRole.ADMIN, false));
        assertThat(profile.memberships().get(2).workspaceName()).isEqualTo("Bob's team");
        assertThat(profile.membershipsTruncated()).isFalse();
        assertThat(profile.toString()).doesNotContain("ada@");
    }

    @Test
    void profile_ofAnUnknownSub_isEmpty() {
        assertThat(profiles.profile("sub-nobody", soon())).isEmpty();
    }

    @Test
    void profile_ofAUserWithoutMemberships_hasNone_andNoEmailWhenNoneIsStored() {
        UUID id = provision("sub-alone", null);
        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM workspace_members WHERE user_id = ?")) {
                ps.setObject(1, id);
                return ps.executeUpdate();
            }
        });

        AppUserProfile profile = profiles.profile("sub-alone", soon()).orElseThrow();

        assertThat(profile.standing().appUserId()).isEqualTo(id);
        assertThat(profile.email()).isEmpty();
        assertThat(profile.memberships()).isEmpty();
        assertThat(profile.membershipsTruncated()).isFalse();
    }

    @Test
    void appUserProfileFunction_returnsTheRowsOfTheStatementItReplaced_inTheirOrder() {
        // given: a user in five workspaces with roles in no particular order, one without any, and an unknown sub
        UUID eve = provision("sub-eve", "eve@example.com");
        UUID other = provision("sub-eve-other", null);
        for (WorkspaceRole role : List.of(WorkspaceRole.VIEWER, WorkspaceRole.ADMIN, WorkspaceRole.MEMBER,
                WorkspaceRole.ADMIN)) {
            member(workspace("Team " + role, other), eve, role);
        }
        UUID loner = provision("sub-eve-alone", null);
        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM workspace_members WHERE user_id = ?")) {
                ps.setObject(1, loner);
                return ps.executeUpdate();
            }
        });

        for (String sub : List.of("sub-eve", "sub-eve-alone", "sub-nobody")) {
            for (int limit : List.of(0, 1, 2, 3, 101)) {
                // when: V8's function and the inline statement it replaced, with the same sub and limit
                List<List<Object>> fromFunction = rows(JdbcAppUserProfiles.PROFILE, sub, limit, true);
                List<List<Object>> inline = rows(FormerProfileLookup.INLINE_QUERY, sub, limit, false);

                // then: the same rows in the same order
                assertThat(fromFunction).as("sub %s, limit %d", sub, limit).isEqualTo(inline);
            }
        }
        assertThat(rows(JdbcAppUserProfiles.PROFILE, "sub-eve", 101, true)).hasSize(5);
        assertThat(rows(JdbcAppUserProfiles.PROFILE, "sub-eve-alone", 101, true)).hasSize(1);
    }

    /** Every column of every row, as read in order; the sub and the limit bound in the statement's own order. */
    private static List<List<Object>> rows(String sql, String sub, int limit, boolean subFirst) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(subFirst ? 1 : 2, sub);
                ps.setInt(subFirst ? 2 : 1, limit);
                List<List<Object>> rows = new java.util.ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> row = new java.util.ArrayList<>();
                        for (int i = 1; i <= 9; i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    @Test
    void workspace_isItsNameAndKind_andAnUnknownIdIsEmpty() {
        UUID owner = provision("sub-owner", null);
        UUID team = workspace("Support", owner);

        var found = workspaces.workspace(team, soon()).orElseThrow();

        assertThat(found.id()).isEqualTo(team);
        assertThat(found.name()).isEqualTo("Support");
        assertThat(found.personal()).isFalse();
        assertThat(workspaces.workspace(UUID.randomUUID(), soon())).isEmpty();
    }

    @Test
    void members_areStrongestRoleFirst_upToTheLimit() {
        UUID owner = provision("sub-m-owner", null);
        UUID viewer = provision("sub-m-viewer", null);
        UUID admin = provision("sub-m-admin", null);
        UUID team = workspace("Members", owner);
        member(team, owner, WorkspaceRole.OWNER);
        member(team, viewer, WorkspaceRole.VIEWER);
        member(team, admin, WorkspaceRole.ADMIN);

        List<WorkspaceMember> all = workspaces.members(team, 10, soon());
        List<WorkspaceMember> two = workspaces.members(team, 2, soon());

        assertThat(all).extracting(WorkspaceMember::appUserId).containsExactly(owner, admin, viewer);
        assertThat(two).extracting(WorkspaceMember::role).containsExactly(WorkspaceRole.OWNER, WorkspaceRole.ADMIN);
        assertThat(workspaces.members(UUID.randomUUID(), 10, soon())).isEmpty();
        assertThatThrownBy(() -> workspaces.members(team, 0, soon())).isInstanceOf(IllegalArgumentException.class);
    }

    private static UUID provision(String sub, String email) {
        return new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, sub, sub, email, false, null)),
                soon()).get(0).appUserId();
    }

    private static UUID workspace(String name, UUID owner) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO workspaces (name, owner_user_id) VALUES (?, ?) RETURNING id")) {
                ps.setString(1, name);
                ps.setObject(2, owner);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
    }

    private static void member(UUID workspace, UUID user, WorkspaceRole role) {
        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)")) {
                ps.setObject(1, workspace);
                ps.setObject(2, user);
                ps.setString(3, role.storedName());
                return ps.executeUpdate();
            }
        });
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10), Clock.systemUTC());
    }
}
