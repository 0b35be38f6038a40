package io.cognitosuite.api.function.admin;

import io.cognitosuite.api.function.routing.ApiResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAdminUserChanges;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaceAccess;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.Concurrently;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin routes over the real adapters on a migrated PostgreSQL: the role change, its {@code admin_audit} row and
 * its {@code app_user.role_changed} event are one transaction (a failure in any of the three, injected with a test-only
 * trigger, leaves none), and an invitation is recorded as the consumer provisions. The user pool is a stub: its wire
 * level is {@code CognitoUserInvitationsIT}'s.
 */
class AdminRoutesIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String REQUEST = "JKJaXmPLvHcESHA=";

    private static MigratedDatabase db;
    private static JdbcAppUsers appUsers;
    private static Authorizer authorizer;
    private static AdminRoutes routes;
    private static final AtomicReference<InvitedUser> nextInvited = new AtomicReference<>();

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("api_admin");
        appUsers = new JdbcAppUsers(db.database());
        authorizer = new Authorizer(appUsers, new JdbcWorkspaceAccess(db.database()), POOL);
        routes = new AdminRoutes(authorizer, new JdbcAdminUserChanges(db.database()),
                (pool, email, deadline) -> nextInvited.get(), POOL);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void changeRole_updatesTheRow_writesTheAuditRowAndTheEvent_inOneTransaction() throws Exception {
        Caller admin = admin();
        String target = provisioned();
        UUID targetId = appUserId(target);

        ApiResponse answer = routes.changeRole(admin, target, "{\"role\":\"admin\",\"plan\":\"pro\"}", REQUEST, soon());

        JsonNode body = Json.parse(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(body.get("changed").booleanValue()).isTrue();
        assertThat(row("SELECT role, billing_plan FROM app_users WHERE cognito_sub = '" + target + "'"))
                .containsEntry("role", "admin").containsEntry("billing_plan", "pro");
        Map<String, String> audit = row("SELECT * FROM admin_audit WHERE target_sub = '" + target + "'");
        assertThat(audit).containsEntry("id", body.get("auditId").textValue())
                .containsEntry("action", "role_change")
                .containsEntry("actor_app_user_id", admin.appUserId().toString())
                .containsEntry("actor_sub", admin.context().cognitoSub())
                .containsEntry("target_app_user_id", targetId.toString())
                .containsEntry("target_sub", target)
                .containsEntry("before_role", "user").containsEntry("before_plan", "free")
                .containsEntry("after_role", "admin").containsEntry("after_plan", "pro")
                .containsEntry("request_id", REQUEST);
        assertThat(audit.get("occurred_at")).isNotNull();
        assertThat(audit.values()).noneMatch(v -> v != null && v.contains("@"));
        JsonNode event = Json.parse(row("SELECT payload::text AS payload FROM outbox_events WHERE event_type = "
                + "'app_user.role_changed' AND aggregate_id = '" + targetId + "'").get("payload"));
        assertThat(event.get("version").intValue()).isEqualTo(1);
        assertThat(event.get("appUserId").textValue()).isEqualTo(targetId.toString());
        assertThat(event.get("cognitoSub").textValue()).isEqualTo(target);
        assertThat(event.get("previousRole").textValue()).isEqualTo("user");
        assertThat(event.get("role").textValue()).isEqualTo("admin");
        assertThat(event.get("plan").textValue()).isEqualTo("pro");
        assertThat(event.get("changedByAppUserId").textValue()).isEqualTo(admin.appUserId().toString());
        assertThat(event.get("adminAuditId").textValue()).isEqualTo(audit.get("id"));
        assertThat(event.toString()).doesNotContain("@");
    }

    @Test
    void changeRole_retried_orToTheCurrentValues_writesNothingMore() throws Exception {
        Caller admin = admin();
        String target = provisioned();

        routes.changeRole(admin, target, "{\"plan\":\"pro\"}", REQUEST, soon());
        JsonNode retry = Json.parse(routes.changeRole(admin, target, "{\"plan\":\"pro\"}", REQUEST, soon()).body());
        JsonNode current = Json.parse(routes.changeRole(admin, target, "{\"role\":\"user\"}", REQUEST, soon()).body());

        assertThat(retry.get("changed").booleanValue()).isFalse();
        assertThat(current.get("changed").booleanValue()).isFalse();
        assertThat(db.count("SELECT count(*) FROM admin_audit WHERE target_sub = '" + target + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.role_changed' "
                + "AND aggregate_id = '" + appUserId(target) + "'")).isEqualTo(1);
    }

    /** A test-only trigger makes one of the three writes fail; the other two must not survive it. */
    @ParameterizedTest(name = "failing: {0}")
    @ValueSource(strings = {"BEFORE UPDATE ON app_users",
            "BEFORE INSERT ON admin_audit",
            "BEFORE INSERT ON outbox_events FOR EACH ROW WHEN (NEW.event_type = 'app_user.role_changed')"})
    void changeRole_whenAnyOfItsThreeWritesFails_leavesNoneOfThem(String failing) throws Exception {
        Caller admin = admin();
        String target = provisioned();
        UUID targetId = appUserId(target);
        long outboxBefore = db.count("SELECT count(*) FROM outbox_events");

        withFailing(failing, () -> assertThatThrownBy(() -> routes.changeRole(admin, target,
                "{\"role\":\"admin\",\"plan\":\"pro\"}", REQUEST, soon())).isInstanceOf(DataAccessException.class));

        assertThat(row("SELECT role, billing_plan FROM app_users WHERE id = '" + targetId + "'"))
                .containsEntry("role", "user").containsEntry("billing_plan", "free");
        assertThat(db.count("SELECT count(*) FROM admin_audit WHERE target_sub = '" + target + "'")).isZero();
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(outboxBefore);
        // And with the trigger gone the same request goes through: nothing was left half-done.
        assertThat(Json.parse(routes.changeRole(admin, target, "{\"role\":\"admin\"}", REQUEST, soon()).body())
                .get("changed").booleanValue()).isTrue();
    }

    /**
     * Concurrent changes of one user queue on the row lock: each audit row's "before" is the previous one's "after"
     * (no lost update), and there is one audit row and one event per answer that says it changed something.
     */
    @Test
    void concurrentChangesOfOneUser_queueOnTheRowLock_andTheAuditRowsFormOneChain() throws Exception {
        Caller admin = admin();
        String target = provisioned();
        int requests = 8;
        List<Callable<ApiResponse>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String body = i % 2 == 0 ? "{\"plan\":\"pro\"}" : "{\"role\":\"admin\",\"plan\":\"free\"}";
            calls.add(() -> routes.changeRole(admin, target, body, REQUEST, soon()));
        }
        long changed = 0;
        for (ApiResponse answer : Concurrently.allAtOnce(calls)) {
            changed += Json.parse(answer.body()).get("changed").booleanValue() ? 1 : 0;
        }

        List<String[]> chain = db.database().withConnection(c -> {
            List<String[]> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT before_role, before_plan, "
                    + "after_role, after_plan FROM admin_audit WHERE target_sub = '" + target + "' ORDER BY occurred_at")) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1) + "/" + rs.getString(2), rs.getString(3) + "/" + rs.getString(4)});
                }
            }
            return rows;
        });
        assertThat(chain).hasSize((int) changed).isNotEmpty();
        assertThat(chain.get(0)[0]).isEqualTo("user/free");
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i)[0]).as("before of change " + i).isEqualTo(chain.get(i - 1)[1]);
        }
        assertThat(row("SELECT role || '/' || billing_plan AS standing FROM app_users WHERE cognito_sub = '" + target
                + "'").get("standing")).isEqualTo(chain.get(chain.size() - 1)[1]);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.role_changed' "
                + "AND aggregate_id = '" + appUserId(target) + "'")).isEqualTo(changed);
    }

    @Test
    void invite_recordsTheUserAsTheConsumerProvisions_withTheInvitedRole_anAuditRow_andBothEvents() throws Exception {
        Caller admin = admin();
        String sub = UUID.randomUUID().toString();
        nextInvited.set(new InvitedUser(sub, sub, true));

        ApiResponse answer = routes.invite(admin, "{\"email\":\"ada@example.com\",\"role\":\"admin\"}", REQUEST, soon());

        JsonNode body = Json.parse(answer.body());
        assertThat(answer.status()).isEqualTo(201);
        assertThat(body.get("appUser").textValue()).isEqualTo("created");
        UUID id = appUserId(sub);
        assertThat(body.get("appUserId").textValue()).isEqualTo(id.toString());
        assertThat(row("SELECT role, billing_plan, email, email_verified, user_pool_id, username FROM app_users "
                + "WHERE id = '" + id + "'")).containsEntry("role", "admin").containsEntry("billing_plan", "free")
                .containsEntry("email", "ada@example.com").containsEntry("email_verified", "t")
                .containsEntry("user_pool_id", POOL).containsEntry("username", sub);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal AND owner_user_id = '" + id + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspace_members WHERE role = 'owner' AND user_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(events(id)).containsExactly("app_user.created", "app_user.role_changed");
        assertThat(row("SELECT * FROM admin_audit WHERE target_sub = '" + sub + "'"))
                .containsEntry("action", "invite").containsEntry("id", body.get("auditId").textValue())
                .containsEntry("actor_app_user_id", admin.appUserId().toString())
                .containsEntry("before_role", "user").containsEntry("after_role", "admin");
    }

    @Test
    void invite_withTheDefaults_isAuditedToo_butChangesNoRole() throws Exception {
        String sub = UUID.randomUUID().toString();
        nextInvited.set(new InvitedUser(sub, sub, true));

        routes.invite(admin(), "{\"email\":\"bea@example.com\"}", REQUEST, soon());

        assertThat(events(appUserId(sub))).containsExactly("app_user.created");
        assertThat(db.count("SELECT count(*) FROM admin_audit WHERE action = 'invite' AND target_sub = '" + sub
                + "' AND after_role = 'user' AND after_plan = 'free'")).isEqualTo(1);
    }

    @Test
    void invite_whoseRecordFails_is202_writesNothing_andTheUsersFirstCallCreatesTheRowLazily() throws Exception {
        Caller admin = admin();
        String sub = UUID.randomUUID().toString();
        nextInvited.set(new InvitedUser(sub, sub, true));
        List<ApiResponse> answers = new ArrayList<>();

        withFailing("BEFORE INSERT ON admin_audit", () -> answers.add(
                routes.invite(admin, "{\"email\":\"cy@example.com\",\"role\":\"admin\"}", REQUEST, soon())));

        assertThat(answers.get(0).status()).isEqualTo(202);
        assertThat(Json.parse(answers.get(0).body()).get("appUser").textValue()).isEqualTo("pending");
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + sub + "'")).isZero();
        Caller firstCall = authorizer.identify(context(sub, List.of("api/read")), soon());
        assertThat(firstCall.standing().role()).isEqualTo("user");
        assertThat(events(firstCall.appUserId())).containsExactly("app_user.created");
    }

    private static Caller admin() throws Exception {
        String sub = provisioned();
        db.database().withConnection(c -> c.createStatement().executeUpdate(
                "UPDATE app_users SET role = 'admin' WHERE cognito_sub = '" + sub + "'"));
        return authorizer.identify(context(sub, List.of("api/read", "api/admin")), soon());
    }

    private static String provisioned() {
        String sub = UUID.randomUUID().toString();
        appUsers.provision(List.of(new NewAppUser(POOL, sub, sub, null, false, null)), soon());
        return sub;
    }

    private static AuthContext context(String sub, List<String> scopes) {
        return new AuthContext(sub, Optional.empty(), Optional.empty(), List.of(), scopes, "client-1", "access");
    }

    private static UUID appUserId(String sub) {
        return UUID.fromString(row("SELECT id FROM app_users WHERE cognito_sub = '" + sub + "'").get("id"));
    }

    private static List<String> events(UUID appUserId) {
        return db.database().withConnection(c -> {
            List<String> types = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_type FROM outbox_events "
                    + "WHERE aggregate_id = '" + appUserId + "' ORDER BY occurred_at, id")) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            return types;
        });
    }

    /** The one row the query returns, column name to text. */
    private static Map<String, String> row(String sql) {
        return db.database().withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.next()).as("a row for " + sql).isTrue();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                assertThat(rs.next()).as("one row for " + sql).isFalse();
                return values;
            }
        });
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} while a test-only trigger refuses the writes {@code when} names. */
    private static void withFailing(String when, Work work) throws Exception {
        db.database().withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE FUNCTION test_refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$");
                s.execute("CREATE TRIGGER test_refuse_write " + (when.contains("FOR EACH ROW") ? when
                        : when + " FOR EACH ROW") + " EXECUTE FUNCTION test_refuse_write()");
            }
            return null;
        });
        try {
            work.run();
        } finally {
            String table = when.replaceAll(".* ON (\\w+).*", "$1");
            db.database().withConnection(c -> c.createStatement().execute("DROP TRIGGER test_refuse_write ON " + table));
        }
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }
}
