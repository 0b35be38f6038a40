package io.cognitosuite.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaceAccess;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.Concurrently;
import io.cognitosuite.testing.CountingDataSource;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorizer over the real adapters on a migrated PostgreSQL: find-or-create and the workspace checks. */
class AuthorizerIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private static MigratedDatabase db;
    private static Authorizer authorizer;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("api_authorizer");
        authorizer = over(db.database());
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void tenConcurrentFirstCallsForOneNewSub_createOneUser_onePersonalWorkspace_andOneCreatedEvent() throws Exception {
        String sub = "sub-" + UUID.randomUUID();
        int callers = 10;
        List<Callable<Caller>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(() -> authorizer.identify(caller(sub), soon()));
        }
        Set<UUID> ids = new HashSet<>();
        for (Caller caller : Concurrently.allAtOnce(calls)) {
            ids.add(caller.appUserId());
        }

        assertThat(ids).hasSize(1);
        UUID id = ids.iterator().next();
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + sub + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal AND owner_user_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspace_members WHERE role = 'owner' AND user_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created'"
                + " AND aggregate_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void anExistingUser_costsOneStatement() throws Exception {
        String sub = provisioned();
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());
        Authorizer counted = over(Database.over(counting));

        Caller caller = counted.identify(caller(sub), soon());

        assertThat(caller.context().appUserId()).isPresent();
        assertThat(counting.statements()).isEqualTo(1);
    }

    @Test
    void theOwnerOfTheirPersonalWorkspace_passesEveryMinimum_inOneStatementEach() throws Exception {
        Caller owner = authorizer.identify(caller(provisioned()), soon());
        String workspace = personalWorkspaceOf(owner.appUserId()).toString();
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());
        Authorizer counted = over(Database.over(counting));

        for (WorkspaceRole minimum : WorkspaceRole.values()) {
            assertThat(counted.requireWorkspaceRole(owner, workspace, minimum, soon())).isEqualTo(WorkspaceRole.OWNER);
        }
        assertThat(counting.statements()).isEqualTo(WorkspaceRole.values().length);
    }

    @Test
    void aMemberBelowTheMinimum_aNonMember_andAnUnknownWorkspace_are403() throws Exception {
        Caller owner = authorizer.identify(caller(provisioned()), soon());
        Caller viewer = authorizer.identify(caller(provisioned()), soon());
        Caller stranger = authorizer.identify(caller(provisioned()), soon());
        UUID workspace = personalWorkspaceOf(owner.appUserId());
        addMember(workspace, viewer.appUserId(), WorkspaceRole.VIEWER);

        assertThat(authorizer.requireWorkspaceRole(viewer, workspace.toString(), WorkspaceRole.VIEWER, soon()))
                .isEqualTo(WorkspaceRole.VIEWER);
        assertRefused(viewer, workspace.toString(), WorkspaceRole.MEMBER, AccessRefusedException.ROLE_TOO_LOW);
        assertRefused(stranger, workspace.toString(), WorkspaceRole.VIEWER, AccessRefusedException.NOT_A_MEMBER);
        assertRefused(owner, UUID.randomUUID().toString(), WorkspaceRole.VIEWER, AccessRefusedException.NOT_A_MEMBER);
    }

    @Test
    void theAppAdminRole_isReadFromAppUsers() throws Exception {
        String sub = provisioned();
        assertThatThrownBy(() -> authorizer.requireAppAdmin(authorizer.identify(caller(sub), soon())))
                .isInstanceOf(AccessRefusedException.class);

        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE app_users SET role = 'admin' WHERE cognito_sub = ?")) {
                ps.setString(1, sub);
                return ps.executeUpdate();
            }
        });

        authorizer.requireAppAdmin(authorizer.identify(caller(sub), soon()));
    }

    private static void assertRefused(Caller caller, String workspace, WorkspaceRole minimum, String reason) {
        assertThatThrownBy(() -> authorizer.requireWorkspaceRole(caller, workspace, minimum, soon()))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiErrorKind.FORBIDDEN);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    private static Authorizer over(Database database) {
        return new Authorizer(new JdbcAppUsers(database), new JdbcWorkspaceAccess(database), POOL);
    }

    private static String provisioned() {
        String sub = "sub-" + UUID.randomUUID();
        new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, sub, sub, null, false, null)), soon());
        return sub;
    }

    private static UUID personalWorkspaceOf(UUID userId) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM workspaces WHERE owner_user_id = ? AND personal")) {
                ps.setObject(1, userId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
    }

    private static void addMember(UUID workspace, UUID userId, WorkspaceRole role) {
        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)")) {
                ps.setObject(1, workspace);
                ps.setObject(2, userId);
                ps.setString(3, role.storedName());
                return ps.executeUpdate();
            }
        });
    }

    private static AuthContext caller(String sub) {
        return new AuthContext(sub, Optional.empty(), Optional.empty(), List.of(), List.of(), "client-1", "access");
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10), Clock.systemUTC());
    }
}
