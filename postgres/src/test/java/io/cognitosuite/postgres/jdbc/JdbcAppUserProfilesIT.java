package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
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
