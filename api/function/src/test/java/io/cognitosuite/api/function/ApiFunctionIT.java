package io.cognitosuite.api.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.api.function.internal.ApiSettings;
import io.cognitosuite.api.function.routes.ReadRoutes;
import io.cognitosuite.consumers.provisioning.BatchOutcome;
import io.cognitosuite.consumers.provisioning.InboundMessage;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import io.cognitosuite.consumers.provisioning.ProvisioningService;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.Redelivery;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.CountingDataSource;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.RecordingMetrics;
import java.net.URI;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import io.cognitosuite.api.function.admin.AdminRoutes;
import io.cognitosuite.testing.Concurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The API function as {@link ApiFunctions} wires it (settings, pool, adapters, routes) on a migrated PostgreSQL, driven
 * with HTTP API events: find-or-create under concurrency and racing the consumer, the one statement of {@code GET /me},
 * and the workspace checks over real rows.
 */
class ApiFunctionIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private static MigratedDatabase db;
    private static CognitoIdentityProviderClient cognito;
    private static final List<Database> opened = new CopyOnWriteArrayList<>();
    private static ApiHandler api;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("api_function");
        // Never called by the read routes; ApiFunctions takes one for the admin routes.
        cognito = CognitoIdentityProviderClient.builder().region(Region.EU_WEST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build();
        // Ten pooled connections: the concurrent calls below stand for ten Lambda environments, each with its own.
        api = functions(Map.of(DatabaseSettings.POOL_SIZE, "10"), settings -> open(Database.pooled(settings))).api();
    }

    @AfterAll
    static void tearDown() {
        opened.forEach(Database::close);
        if (cognito != null) {
            cognito.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void tenConcurrentFirstCallsToMe_createOneUser_onePersonalWorkspace_andOneCreatedEvent() throws Exception {
        String sub = UUID.randomUUID().toString();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> appUserIdFromMe(sub));
        }

        Set<Object> ids = new HashSet<>(Concurrently.allAtOnce(calls));

        assertThat(ids).hasSize(1);
        assertOneUserWithItsPersonalWorkspaceAndEvent(sub, UUID.fromString((String) ids.iterator().next()));
    }

    @Test
    void firstCallsToMe_racingTheConsumerForTheSameSub_endWithOneUser() throws Exception {
        String sub = UUID.randomUUID().toString();
        // The consumer's own path: the user.confirmed message post-confirmation sends, through ProvisioningService.
        UserConfirmed confirmed = new UserConfirmed(POOL, sub, sub, "ada@example.com", true, null,
                UserConfirmed.CONFIRM_SIGN_UP, Instant.now());
        ProvisioningService consumer = new ProvisioningService(new JdbcAppUsers(db.database()), new RecordingMetrics(),
                Redelivery.NONE, OutageBackoff.DEFAULT, Clock.systemUTC());
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> appUserIdFromMe(sub));
            if (i % 4 == 0) {
                int delivery = i / 4 + 1;
                calls.add(() -> consumer.process(List.of(new InboundMessage("m-" + delivery,
                        UserConfirmedMessage.toJson(confirmed), delivery)), soon()));
            }
        }

        List<Object> results = Concurrently.allAtOnce(calls);

        Set<String> ids = new HashSet<>();
        for (Object result : results) {
            if (result instanceof BatchOutcome outcome) {
                assertThat(outcome.failedMessageIds()).as("the consumer's delivery failed").isEmpty();
            } else {
                ids.add((String) result);
            }
        }
        assertThat(ids).hasSize(1);
        assertOneUserWithItsPersonalWorkspaceAndEvent(sub, UUID.fromString(ids.iterator().next()));
    }

    @Test
    void me_forAnExistingUser_isExactlyOneStatement_andTheirProfileWithTheirOwnEmail() throws Exception {
        String sub = provisioned("grace@example.com");
        UUID id = appUserId(sub);
        UUID team = workspace("Platform team", id, WorkspaceRole.ADMIN);
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());
        ApiHandler countedApi = functions(Map.of(), settings -> Database.over(counting)).api();

        APIGatewayV2HTTPResponse response = countedApi.handleRequest(
                ApiEvents.accessToken(ReadRoutes.ME, sub, Map.of()), context());

        assertThat(counting.statements()).isEqualTo(1);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.parse(response.getBody());
        assertThat(body.get("appUserId").asText()).isEqualTo(id.toString());
        assertThat(body.get("cognitoSub").asText()).isEqualTo(sub);
        assertThat(body.get("role").asText()).isEqualTo("user");
        assertThat(body.get("plan").asText()).isEqualTo("free");
        assertThat(body.get("email").asText()).isEqualTo("grace@example.com");
        assertThat(body.get("emailVerified").asBoolean()).isFalse();
        assertThat(body.get("memberships")).hasSize(2);
        JsonNode personal = body.get("memberships").get(0);
        assertThat(personal.get("workspaceId").asText()).isEqualTo(personalWorkspaceOf(id).toString());
        assertThat(personal.get("role").asText()).isEqualTo("owner");
        assertThat(personal.get("personal").asBoolean()).isTrue();
        JsonNode teamMembership = body.get("memberships").get(1);
        assertThat(teamMembership.get("workspaceId").asText()).isEqualTo(team.toString());
        assertThat(teamMembership.get("name").asText()).isEqualTo("Platform team");
        assertThat(teamMembership.get("role").asText()).isEqualTo("admin");
        assertThat(teamMembership.get("personal").asBoolean()).isFalse();
        assertThat(body.get("membershipsTruncated").asBoolean()).isFalse();
    }

    @Test
    void me_withMoreMembershipsThanItCarries_saysTruncated() throws Exception {
        String sub = provisioned(null);
        UUID id = appUserId(sub);
        db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH w AS (INSERT INTO workspaces (name, owner_user_id) SELECT 'w' || n, ? FROM generate_series(1, 100) n
                               RETURNING id)
                    INSERT INTO workspace_members (workspace_id, user_id, role) SELECT id, ?, 'viewer' FROM w""")) {
                ps.setObject(1, id);
                ps.setObject(2, id);
                return ps.executeUpdate();
            }
        });

        JsonNode body = Json.parse(api.handleRequest(ApiEvents.accessToken(ReadRoutes.ME, sub, Map.of()), context())
                .getBody());

        assertThat(body.get("memberships")).hasSize(100);
        assertThat(body.get("memberships").get(0).get("role").asText()).isEqualTo("owner");
        assertThat(body.get("membershipsTruncated").asBoolean()).isTrue();
    }

    @Test
    void workspace_forAMember_isIt_andForANonMemberAndAnUnknownId_isTheSame403() throws Exception {
        String ownerSub = provisioned(null);
        String viewerSub = provisioned(null);
        String strangerSub = provisioned(null);
        UUID team = workspace("Design", appUserId(ownerSub), WorkspaceRole.OWNER);
        addMember(team, appUserId(viewerSub), WorkspaceRole.VIEWER);

        APIGatewayV2HTTPResponse member = get(ReadRoutes.WORKSPACE, viewerSub, team);
        APIGatewayV2HTTPResponse nonMember = get(ReadRoutes.WORKSPACE, strangerSub, team);
        APIGatewayV2HTTPResponse unknown = get(ReadRoutes.WORKSPACE, strangerSub, UUID.randomUUID());

        assertThat(member.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.parse(member.getBody());
        assertThat(body.get("id").asText()).isEqualTo(team.toString());
        assertThat(body.get("name").asText()).isEqualTo("Design");
        assertThat(body.get("yourRole").asText()).isEqualTo("viewer");
        assertThat(Instant.parse(body.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(60));
        assertThat(nonMember.getStatusCode()).isEqualTo(403);
        assertThat(unknown.getStatusCode()).isEqualTo(403);
        assertThat(unknown.getBody()).isEqualTo(nonMember.getBody());
    }

    @Test
    void members_forTheOwnerAndAnAdmin_areIdsAndRolesWithoutEmails_andForAMember_403() throws Exception {
        String ownerSub = provisioned("owner@example.com");
        String adminSub = provisioned("admin@example.com");
        String memberSub = provisioned("member@example.com");
        UUID team = workspace("Ops", appUserId(ownerSub), WorkspaceRole.OWNER);
        addMember(team, appUserId(adminSub), WorkspaceRole.ADMIN);
        addMember(team, appUserId(memberSub), WorkspaceRole.MEMBER);

        for (String sub : List.of(ownerSub, adminSub)) {
            APIGatewayV2HTTPResponse response = get(ReadRoutes.WORKSPACE_MEMBERS, sub, team);

            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode members = Json.parse(response.getBody()).get("members");
            assertThat(members).extracting(m -> m.get("appUserId").asText()).containsExactly(
                    appUserId(ownerSub).toString(), appUserId(adminSub).toString(), appUserId(memberSub).toString());
            assertThat(members).extracting(m -> m.get("role").asText()).containsExactly("owner", "admin", "member");
            assertThat(response.getBody()).doesNotContain("@example.com");
        }
        APIGatewayV2HTTPResponse refused = get(ReadRoutes.WORKSPACE_MEMBERS, memberSub, team);
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(Json.parse(refused.getBody()).at("/error/code").asText()).isEqualTo("forbidden");
    }

    @Test
    void aDatabaseThatCannotBeReached_is503ForMe_whileHealthStill200() throws Exception {
        Map<String, String> unreachable = new HashMap<>(environment(Map.of()));
        unreachable.put(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:9/app");
        unreachable.put(DatabaseSettings.CONNECT_TIMEOUT, "300");
        unreachable.put(DatabaseSettings.VALIDATION_TIMEOUT, "250");
        ApiHandler down = new ApiFunctions(unreachable, settings -> open(Database.pooled(settings)), cognito,
                Clock.systemUTC()).api();

        APIGatewayV2HTTPResponse me = down.handleRequest(ApiEvents.accessToken(ReadRoutes.ME, "sub-x", Map.of()), context());
        APIGatewayV2HTTPResponse health = down.handleRequest(ApiEvents.noAuthorizer(ReadRoutes.HEALTH, Map.of()), context());

        assertThat(me.getStatusCode()).isEqualTo(503);
        assertThat(Json.parse(me.getBody()).at("/error/code").asText()).isEqualTo("unavailable");
        assertThat(me.getBody()).doesNotContain("127.0.0.1", "postgresql", "Exception");
        assertThat(health.getStatusCode()).isEqualTo(200);
    }

    @Test
    void adminRoutes_areWired_anAdminChangesARoleWithItsAuditAndEvent_aUserIsRefused_andAnUnreachablePoolIs503()
            throws Exception {
        String adminSub = provisioned(null);
        String userSub = provisioned(null);
        db.database().withConnection(c -> c.createStatement().executeUpdate(
                "UPDATE app_users SET role = 'admin' WHERE cognito_sub = '" + adminSub + "'"));

        APIGatewayV2HTTPResponse changed = api.handleRequest(adminCall(AdminRoutes.CHANGE_ROLE, adminSub,
                Map.of("sub", userSub), "{\"plan\":\"pro\"}"), context());
        APIGatewayV2HTTPResponse refused = api.handleRequest(adminCall(AdminRoutes.CHANGE_ROLE, userSub,
                Map.of("sub", adminSub), "{\"role\":\"user\"}"), context());
        APIGatewayV2HTTPResponse invited = api.handleRequest(adminCall(AdminRoutes.INVITE, adminSub, Map.of(),
                "{\"email\":\"new.user@example.com\"}"), context());

        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(200);
        assertThat(Json.parse(changed.getBody()).get("plan").asText()).isEqualTo("pro");
        assertThat(db.count("SELECT count(*) FROM admin_audit WHERE target_sub = '" + userSub + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.role_changed'"
                + " AND aggregate_id = '" + appUserId(userSub) + "'")).isEqualTo(1);
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(db.count("SELECT count(*) FROM admin_audit WHERE target_sub = '" + adminSub + "'")).isZero();
        // The test's Cognito client points at a port nothing listens on: the pool did not answer, nothing is written.
        assertThat(invited.getStatusCode()).as(invited.getBody()).isEqualTo(503);
        assertThat(invited.getBody()).doesNotContain("new.user");
        assertThat(db.count("SELECT count(*) FROM app_users WHERE email = 'new.user@example.com'")).isZero();
    }

    /** A call of an admin route with an access token that carries the gateway's {@code api/admin} scope. */
    private static APIGatewayV2HTTPEvent adminCall(String routeKey, String sub, Map<String, String> path, String body) {
        APIGatewayV2HTTPEvent event = ApiEvents.accessToken(routeKey, sub, path);
        event.getRequestContext().getAuthorizer().getJwt().getClaims().put("scope", "api/admin api/read");
        event.setBody(body);
        return event;
    }

    // --- helpers

    private static ApiFunctions functions(Map<String, String> extra, Function<DatabaseSettings, Database> databases) {
        return new ApiFunctions(environment(extra), databases, cognito, Clock.systemUTC());
    }

    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, db.coordinates().jdbcUrl());
        env.put(DatabaseSettings.USER, db.coordinates().user());
        env.put(DatabaseSettings.PASSWORD, db.coordinates().password());
        env.put(ApiSettings.USER_POOL_ID, POOL);
        env.put("LOG_LEVEL", "INFO");
        env.putAll(extra);
        return env;
    }

    private static Database open(Database database) {
        opened.add(database);
        return database;
    }

    private static String appUserIdFromMe(String sub) throws Exception {
        APIGatewayV2HTTPResponse response = api.handleRequest(ApiEvents.accessToken(ReadRoutes.ME, sub, Map.of()),
                context());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.parse(response.getBody()).get("appUserId").asText();
    }

    private static APIGatewayV2HTTPResponse get(String routeKey, String sub, UUID workspace) {
        APIGatewayV2HTTPEvent event = ApiEvents.accessToken(routeKey, sub, Map.of("id", workspace.toString()));
        return api.handleRequest(event, context());
    }

    private static void assertOneUserWithItsPersonalWorkspaceAndEvent(String sub, UUID id) {
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + sub + "'")).isEqualTo(1);
        assertThat(appUserId(sub)).isEqualTo(id);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal AND owner_user_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspace_members WHERE role = 'owner' AND user_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created'"
                + " AND aggregate_id = '" + id + "'")).isEqualTo(1);
    }

    private static String provisioned(String email) {
        String sub = UUID.randomUUID().toString();
        new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, sub, sub, email, false, null)), soon());
        return sub;
    }

    private static UUID appUserId(String sub) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM app_users WHERE cognito_sub = ?")) {
                ps.setString(1, sub);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
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

    /** A shared workspace owned by {@code owner}, with {@code owner} as a member of {@code role}. */
    private static UUID workspace(String name, UUID owner, WorkspaceRole role) {
        UUID id = db.database().withConnection(c -> {
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
        addMember(id, owner, role);
        return id;
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

    private static FakeLambdaContext context() {
        return new FakeLambdaContext(ApiHandler.FUNCTION, Duration.ofSeconds(10));
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10), Clock.systemUTC());
    }
}
