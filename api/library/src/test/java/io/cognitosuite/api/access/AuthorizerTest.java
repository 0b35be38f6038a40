package io.cognitosuite.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.WorkspaceAccess;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizerTest {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final Deadline NONE = Deadline.none(Clock.systemUTC());

    private final FakeDatabase database = new FakeDatabase();
    private final Authorizer authorizer = new Authorizer(database, database, POOL);

    @Test
    void identify_anExistingUser_readsOnce_andCreatesNothing() throws Exception {
        UUID id = database.existing("sub-1", "user");

        Caller caller = authorizer.identify(caller("sub-1"), NONE);

        assertThat(caller.appUserId()).isEqualTo(id);
        assertThat(caller.context().appUserId()).contains(id);
        assertThat(caller.context().cognitoSub()).isEqualTo("sub-1");
        assertThat(database.reads).isEqualTo(1);
        assertThat(database.provisioned).isEmpty();
    }

    @Test
    void identify_aMissingUser_provisionsItInTheConfiguredPool_thenReadsIt() throws Exception {
        AuthContext auth = new AuthContext("sub-new", Optional.empty(), Optional.of("ada@example.com"), List.of(),
                List.of(), "client-1", "access");

        Caller caller = authorizer.identify(auth, NONE);

        assertThat(database.provisioned).containsExactly(
                new NewAppUser(POOL, "sub-new", "sub-new", "ada@example.com", false, null));
        assertThat(caller.context().appUserId()).contains(database.users.get("sub-new").appUserId());
        assertThat(caller.standing().role()).isEqualTo("user");
    }

    @Test
    void identify_aClientCredentialsToken_is403NotAUser_beforeAnyReadOrWrite() {
        // Cognito's client-credentials access token: sub = client_id = the service client's id, no username.
        AuthContext machine = new AuthContext("5vnk2h0bq1example7pi8s6v0a", Optional.empty(), Optional.empty(), List.of(),
                List.of("api/read"), "5vnk2h0bq1example7pi8s6v0a", "access");

        assertRefused(() -> authorizer.identify(machine, NONE), ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_USER);
        assertThat(database.reads).isZero();
        assertThat(database.provisioned).isEmpty();
    }

    @Test
    void identify_aMissingUserWhoseEmailCannotBeStored_is401_andWritesNothing() {
        AuthContext auth = new AuthContext("sub-new", Optional.empty(), Optional.of("not an email"), List.of(),
                List.of(), "client-1", "access");

        assertThatThrownBy(() -> authorizer.identify(auth, NONE))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiErrorKind.UNAUTHENTICATED);
                    assertThat(e.reason()).isEqualTo(AccessRefusedException.UNSTORABLE_USER);
                    assertThat(e.getMessage()).doesNotContain("not an email");
                });
        assertThat(database.provisioned).isEmpty();
    }

    @Test
    void identify_whenTheUserIsStillMissingAfterProvisioning_failsAsDataAccess() {
        database.provisionCreatesNothing = true;

        assertThatThrownBy(() -> authorizer.identify(caller("sub-new"), NONE)).isInstanceOf(DataAccessException.class);
    }

    @Test
    void identifyWithALookup_anExistingUser_isReadByTheLookupAlone_once() throws Exception {
        UUID id = database.existing("sub-1", "admin");
        List<String> looked = new ArrayList<>();
        CallerLookup<String> lookup = CallerLookup.of((sub, deadline) -> {
            looked.add(sub);
            return Optional.ofNullable(database.users.get(sub)).map(s -> s.appUserId() + "|profile");
        }, found -> database.users.get("sub-1"));

        Identified<String> identified = authorizer.identify(caller("sub-1"), NONE, lookup);

        assertThat(identified.found()).isEqualTo(id + "|profile");
        assertThat(identified.caller().appUserId()).isEqualTo(id);
        assertThat(identified.caller().standing().appAdmin()).isTrue();
        assertThat(looked).containsExactly("sub-1");
        assertThat(database.reads).as("WorkspaceAccess is not asked").isZero();
        assertThat(database.provisioned).isEmpty();
    }

    @Test
    void identifyWithALookup_aMissingUser_isProvisioned_thenReadByTheLookupAgain() throws Exception {
        List<String> looked = new ArrayList<>();
        CallerLookup<AppUserStanding> lookup = CallerLookup.of((sub, deadline) -> {
            looked.add(sub);
            return Optional.ofNullable(database.users.get(sub));
        }, standing -> standing);

        Identified<AppUserStanding> identified = authorizer.identify(caller("sub-new"), NONE, lookup);

        assertThat(database.provisioned).containsExactly(new NewAppUser(POOL, "sub-new", "sub-new", null, false, null));
        assertThat(looked).containsExactly("sub-new", "sub-new");
        assertThat(identified.caller().appUserId()).isEqualTo(database.users.get("sub-new").appUserId());
    }

    @Test
    void identifyWithALookup_whenTheUserIsStillMissingAfterProvisioning_failsAsDataAccess() {
        database.provisionCreatesNothing = true;
        CallerLookup<AppUserStanding> lookup = CallerLookup.of(database::appUser, standing -> standing);

        assertThatThrownBy(() -> authorizer.identify(caller("sub-new"), NONE, lookup))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void identify_ignoresAnAppUserIdAlreadyInTheContext() throws Exception {
        UUID id = database.existing("sub-1", "user");
        AuthContext claimsToBeSomeoneElse = caller("sub-1").withAppUserId(UUID.randomUUID());

        assertThat(authorizer.identify(claimsToBeSomeoneElse, NONE).context().appUserId()).contains(id);
    }

    @Test
    void aPoolIdThatIsNotOne_isRefusedAtConstruction() {
        assertThatThrownBy(() -> new Authorizer(database, database, "not a pool"))
                .isInstanceOf(InvalidUserConfirmedException.class);
    }

    @Test
    void requireWorkspaceRole_ofAMemberAtOrAboveTheMinimum_isTheirRole() throws Exception {
        Caller caller = existingCaller("user");
        UUID workspace = database.member(caller.appUserId(), WorkspaceRole.ADMIN);

        assertThat(authorizer.requireWorkspaceRole(caller, workspace.toString(), WorkspaceRole.MEMBER, NONE))
                .isEqualTo(WorkspaceRole.ADMIN);
        assertThat(authorizer.requireWorkspaceRole(caller, workspace.toString(), WorkspaceRole.ADMIN, NONE))
                .isEqualTo(WorkspaceRole.ADMIN);
        assertThat(authorizer.requireWorkspaceRole(caller, workspace.toString().toUpperCase(), WorkspaceRole.VIEWER,
                NONE)).isEqualTo(WorkspaceRole.ADMIN);
    }

    @Test
    void requireWorkspaceRole_belowTheMinimum_is403RoleTooLow() throws Exception {
        Caller caller = existingCaller("user");
        UUID workspace = database.member(caller.appUserId(), WorkspaceRole.MEMBER);

        assertRefused(() -> authorizer.requireWorkspaceRole(caller, workspace.toString(), WorkspaceRole.ADMIN, NONE),
                ApiErrorKind.FORBIDDEN, AccessRefusedException.ROLE_TOO_LOW);
    }

    @Test
    void requireWorkspaceRole_ofANonMember_andOfAnUnknownWorkspace_isTheSame403() throws Exception {
        Caller caller = existingCaller("user");
        UUID someoneElses = database.member(UUID.randomUUID(), WorkspaceRole.OWNER);

        assertRefused(() -> authorizer.requireWorkspaceRole(caller, someoneElses.toString(), WorkspaceRole.VIEWER, NONE),
                ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_MEMBER);
        assertRefused(() -> authorizer.requireWorkspaceRole(caller, UUID.randomUUID().toString(), WorkspaceRole.VIEWER,
                NONE), ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_MEMBER);
    }

    @Test
    void requireWorkspaceRole_ofAnAppAdminWhoIsNotAMember_is403() throws Exception {
        Caller admin = existingCaller("admin");

        assertRefused(() -> authorizer.requireWorkspaceRole(admin, UUID.randomUUID().toString(), WorkspaceRole.VIEWER,
                NONE), ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_MEMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not-a-uuid", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000",
            "00000000-0000-0000-0000-0000000000000", "{00000000-0000-0000-0000-000000000000}",
            " 00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000", "../admin"})
    void requireWorkspaceRole_ofAnIdThatIsNotAUuid_is400_withoutAQuery(String id) throws Exception {
        Caller caller = existingCaller("user");
        database.reads = 0;

        assertRefused(() -> authorizer.requireWorkspaceRole(caller, id, WorkspaceRole.VIEWER, NONE),
                ApiErrorKind.BAD_REQUEST, AccessRefusedException.NOT_A_WORKSPACE_ID);
        assertThat(database.reads).isZero();
    }

    @Test
    void requireWorkspaceRole_ofANullId_is400() throws Exception {
        Caller caller = existingCaller("user");

        assertRefused(() -> authorizer.requireWorkspaceRole(caller, null, WorkspaceRole.VIEWER, NONE),
                ApiErrorKind.BAD_REQUEST, AccessRefusedException.NOT_A_WORKSPACE_ID);
    }

    @Test
    void requireAppAdmin_passesOnlyForTheStoredRoleAdmin() throws Exception {
        authorizer.requireAppAdmin(existingCaller("admin"));

        for (String role : List.of("user", "support", "administrator", "Admin")) {
            Caller caller = existingCaller(role);
            assertRefused(() -> authorizer.requireAppAdmin(caller), ApiErrorKind.FORBIDDEN,
                    AccessRefusedException.NOT_AN_APP_ADMIN);
        }
    }

    @Test
    void requireAppAdmin_ignoresAnAdminGroupOrScopeInTheToken() throws Exception {
        database.existing("sub-g", "user");
        AuthContext withGroup = new AuthContext("sub-g", Optional.empty(), Optional.empty(), List.of("admin"),
                List.of("api/admin"), "client-1", "access");
        Caller caller = authorizer.identify(withGroup, NONE);

        assertRefused(() -> authorizer.requireAppAdmin(caller), ApiErrorKind.FORBIDDEN,
                AccessRefusedException.NOT_AN_APP_ADMIN);
    }

    @Test
    void requireScope_passesOnlyWithTheScopeInTheToken_whateverTheStoredRole() throws Exception {
        database.existing("sub-s", "admin");
        Caller withScope = authorizer.identify(new AuthContext("sub-s", Optional.empty(), Optional.empty(), List.of(),
                List.of("api/read", "api/admin"), "client-1", "access"), NONE);
        authorizer.requireScope(withScope, "api/admin");

        for (List<String> scopes : List.of(List.<String>of(), List.of("api/read"), List.of("api/admin2"),
                List.of("API/ADMIN"), List.of("api/admin api/read"))) {
            Caller caller = authorizer.identify(new AuthContext("sub-s", Optional.empty(), Optional.empty(), List.of(),
                    scopes, "client-1", "access"), NONE);
            assertRefused(() -> authorizer.requireScope(caller, "api/admin"), ApiErrorKind.FORBIDDEN,
                    AccessRefusedException.MISSING_SCOPE);
        }
    }

    @Test
    void publicFactories_makeTheirKind_andRefuseAReasonNotShapedLikeACode() {
        assertThat(AccessRefusedException.badRequest("malformed_json").kind()).isEqualTo(ApiErrorKind.BAD_REQUEST);
        assertThat(AccessRefusedException.forbidden("missing_scope").kind()).isEqualTo(ApiErrorKind.FORBIDDEN);
        assertThat(AccessRefusedException.notFound("no_such_user").kind()).isEqualTo(ApiErrorKind.NOT_FOUND);
        assertThat(AccessRefusedException.conflict("user_exists").toApiError("r").status()).isEqualTo(409);
        assertThat(AccessRefusedException.notFound("no_such_user").reason()).isEqualTo("no_such_user");
        for (String notACode : new String[] {null, "", "Bad Request", "ada@example.com", "x".repeat(65)}) {
            assertThatThrownBy(() -> AccessRefusedException.badRequest(notACode))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("ada@");
        }
    }

    @Test
    void aRefusal_isTheApiErrorOfItsKind() {
        AccessRefusedException refused = new AccessRefusedException(ApiErrorKind.FORBIDDEN,
                AccessRefusedException.NOT_A_MEMBER);

        assertThat(refused.toApiError("req-1").status()).isEqualTo(403);
        assertThat(refused.toApiError("req-1").body()).contains("\"code\":\"forbidden\"").contains("req-1");
    }

    private Caller existingCaller(String role) throws AccessRefusedException {
        String sub = "sub-" + UUID.randomUUID();
        database.existing(sub, role);
        return authorizer.identify(caller(sub), NONE);
    }

    private static AuthContext caller(String sub) {
        return new AuthContext(sub, Optional.empty(), Optional.empty(), List.of(), List.of(), "client-1", "access");
    }

    private static void assertRefused(Refusing call, ApiErrorKind kind, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AccessRefusedException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @FunctionalInterface
    private interface Refusing {
        void run() throws Exception;
    }

    /** Both ports over maps; counts reads so the tests see how many lookups a decision costs. */
    private static final class FakeDatabase implements AppUsers, WorkspaceAccess {
        final Map<String, AppUserStanding> users = new HashMap<>();
        final Map<List<UUID>, WorkspaceRole> members = new HashMap<>();
        final List<NewAppUser> provisioned = new ArrayList<>();
        boolean provisionCreatesNothing;
        int reads;

        UUID existing(String sub, String role) {
            UUID id = UUID.randomUUID();
            users.put(sub, new AppUserStanding(id, role, "free"));
            return id;
        }

        UUID member(UUID userId, WorkspaceRole role) {
            UUID workspace = UUID.randomUUID();
            members.put(List.of(userId, workspace), role);
            return workspace;
        }

        @Override
        public List<ProvisionedUser> provision(List<NewAppUser> newUsers, Deadline deadline) {
            provisioned.addAll(newUsers);
            List<ProvisionedUser> result = new ArrayList<>();
            for (NewAppUser user : newUsers) {
                UUID id = UUID.randomUUID();
                if (!provisionCreatesNothing) {
                    users.putIfAbsent(user.sub(), new AppUserStanding(id, "user", "free"));
                }
                result.add(new ProvisionedUser(user.sub(), id, true));
            }
            return result;
        }

        @Override
        public Optional<AppUserStanding> appUser(String sub, Deadline deadline) {
            reads++;
            return Optional.ofNullable(users.get(sub));
        }

        @Override
        public Optional<WorkspaceRole> workspaceRole(UUID appUserId, UUID workspaceId, Deadline deadline) {
            reads++;
            return Optional.ofNullable(members.get(List.of(appUserId, workspaceId)));
        }
    }
}
