package io.cognitosuite.triggers.pretoken;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcUserAuthorizations;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Shared set-up of the pre-token generation integration tests. */
final class PreTokenFixtures {
    static final String POOL = "eu-west-1_Ab12Cd34E";
    /** The user of most sample events: role {@code user}, plan {@code pro}, three workspaces. */
    static final String LIN = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    /** The federated user of {@code v2-hosted-auth-federated-with-groups.json}. */
    static final String MO = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
    static final String ROLE_SCOPES = "admin=api/admin api/read;user=api/read";

    private PreTokenFixtures() {
    }

    /** Lin: personal workspace, owner of "Acme", viewer of "Beta"; role user, plan pro. Mo: personal only. */
    static void seed(Database database) {
        JdbcAppUsers users = new JdbcAppUsers(database);
        users.provision(List.of(
                new NewAppUser(POOL, LIN, LIN, "lin@example.com", true, null),
                new NewAppUser(POOL, MO, "Google_118273645501928374650", "mo@example.org", false, null)), Deadline.none(Clock.systemUTC()));
        database.inTransaction(c -> {
            c.createStatement().executeUpdate("UPDATE app_users SET role = 'user', billing_plan = 'pro' WHERE cognito_sub = '" + LIN + "'");
            c.createStatement().executeUpdate("""
                    WITH lin AS (SELECT id FROM app_users WHERE cognito_sub = '%s'),
                         mo AS (SELECT id FROM app_users WHERE cognito_sub = '%s'),
                         acme AS (INSERT INTO workspaces (name, owner_user_id) SELECT 'Acme', id FROM lin RETURNING id),
                         beta AS (INSERT INTO workspaces (name, owner_user_id) SELECT 'Beta', id FROM mo RETURNING id)
                    INSERT INTO workspace_members (workspace_id, user_id, role)
                    SELECT acme.id, lin.id, 'owner' FROM acme, lin
                    UNION ALL SELECT beta.id, lin.id, 'viewer' FROM beta, lin
                    UNION ALL SELECT beta.id, mo.id, 'owner' FROM beta, mo
                    """.formatted(LIN, MO));
            return null;
        });
    }

    /** Gives the user {@code count} extra workspaces in which they are a member. */
    static void addMemberships(Database database, String sub, int count) {
        database.inTransaction(c -> c.createStatement().executeUpdate("""
                WITH u AS (SELECT id FROM app_users WHERE cognito_sub = '%s'),
                     ws AS (INSERT INTO workspaces (name, owner_user_id)
                            SELECT 'Team ' || g, u.id FROM generate_series(1, %d) g, u RETURNING id)
                INSERT INTO workspace_members (workspace_id, user_id, role) SELECT ws.id, u.id, 'member' FROM ws, u
                """.formatted(sub, count)));
    }

    static PreTokenGenerationHandler handler(Database database, ClaimsUnavailablePolicy policy, RecordingMetrics metrics) {
        return handler(database, policy, metrics, Duration.ofMillis(1500));
    }

    static PreTokenGenerationHandler handler(Database database, ClaimsUnavailablePolicy policy, RecordingMetrics metrics,
                                             Duration budget) {
        return new PreTokenGenerationHandler(
                new TriggerProcessor(PreTokenGenerationHandler.FUNCTION, metrics, Clock.systemUTC()),
                new PreTokenGenerationService(new JdbcUserAuthorizations(database), new JdbcAppUsers(database),
                        new ClaimsComposer(2048, RoleScopes.parse(ROLE_SCOPES)), policy, budget, Clock.systemUTC()));
    }

    static JsonNode invoke(PreTokenGenerationHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PreTokenGenerationHandler.FUNCTION));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    static String event(String file) {
        return ClasspathFiles.read("events/pre-token-generation/" + file);
    }

    static String withSub(String event, String sub) {
        return event.replace(LIN, sub);
    }

    static String randomSub() {
        return UUID.randomUUID().toString();
    }
}
