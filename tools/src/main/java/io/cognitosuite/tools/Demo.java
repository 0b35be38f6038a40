package io.cognitosuite.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import io.cognitosuite.tools.gateway.LocalIssuer;
import io.cognitosuite.tools.gateway.TokenRequest;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The scripted scenario behind {@code cognito-suite demo}: sign-up (refused, then allowed),
 * confirmation, the consumer provisioning the user, token generation, sign-in, a refresh after a role
 * change, a poison message reaching the dead-letter queue, then the API through the local gateway with tokens the
 * local issuer signs. Each step checks what it should see.
 */
final class Demo {
    /** The user of {@code events/post-confirmation/confirm-sign-up.json}. */
    static final String SUB = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final String TOKEN_EVENT_SUB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    static final int MAX_RECEIVE_COUNT = 3;

    private final PrintStream out;
    private final List<Step> steps = new ArrayList<>();
    private JsonNode lastTokenResponse;

    record Step(String name, boolean passed, long millis, String detail) {
    }

    Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the scenario; returns 0 when every step did what it should. */
    int run() throws Exception {
        long started = System.nanoTime();
        out.println("cognito-suite demo: starting the embedded stack …");
        Path issuerState = Files.createTempDirectory("cognito-suite-demo-issuer");
        try (LocalSuite suite = LocalSuite.start(new LocalSuite.Options(1, MAX_RECEIVE_COUNT), Map.of(),
                message -> out.println("  … " + message));
             SqsEventSourcePoller poller = suite.eventSource().start();
             LocalApi api = LocalApi.start(suite, LocalApi.Tokens.local(issuerState), 0, Map.of())) {
            out.println();
            scenario(suite);
            apiScenario(suite, api);
            report(suite, started);
        } finally {
            deleteTree(issuerState);
        }
        return steps.stream().allMatch(Step::passed) ? 0 : 1;
    }

    private void scenario(LocalSuite suite) {
        step("sign-up with a disposable address is refused", () -> {
            String error = expectError(suite, LocalSuite.PRE_SIGN_UP, event("pre-sign-up/sign-up-disposable-email.json"));
            check(PreSignUpService.REFUSED.equals(error), "refusal was: " + error);
            return "\"" + error + "\"";
        });
        step("sign-up of ada@example.com is allowed", () -> {
            JsonNode r = invoke(suite, LocalSuite.PRE_SIGN_UP, event("pre-sign-up/sign-up.json"));
            return "autoConfirmUser=" + r.at("/response/autoConfirmUser").asBoolean();
        });
        step("confirmation publishes user.confirmed", () -> {
            invoke(suite, LocalSuite.POST_CONFIRMATION, event("post-confirmation/confirm-sign-up.json"));
            return "sent to " + suite.queueUrl();
        });
        step("the consumer provisions exactly one user", () -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (count(suite, "SELECT count(*) FROM app_users WHERE cognito_sub = '" + SUB + "'") == 0) {
                check(System.nanoTime() < deadline, "no app_users row after 15 s");
                Thread.sleep(100);
            }
            long workspaces = count(suite, "SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id "
                    + "WHERE u.cognito_sub = '" + SUB + "' AND w.personal");
            check(workspaces == 1, "personal workspaces: " + workspaces);
            return "app_users row, personal workspace, app_user.created event";
        });
        step("token generation puts the app claims into the tokens", () -> {
            JsonNode access = accessClaims(invoke(suite, LocalSuite.PRE_TOKEN_GENERATION, tokenEvent("v2-authentication.json")));
            check("user".equals(access.path("app_role").asText()), "app_role: " + access.path("app_role"));
            check(access.path("app_workspaces").size() == 1, "workspaces: " + access.path("app_workspaces"));
            return "app_role=user, app_plan=" + access.path("app_plan").asText() + ", 1 workspace";
        });
        step("sign-in is recorded", () -> {
            invoke(suite, LocalSuite.POST_AUTHENTICATION, ClasspathFiles.read("events/post-authentication/authentication.json")
                    .replace(TOKEN_EVENT_SUB, SUB));
            long count = count(suite, "SELECT sign_in_count FROM app_users WHERE cognito_sub = '" + SUB + "'");
            check(count == 1, "sign_in_count: " + count);
            return "sign_in_count=1, user.signed_in event";
        });
        step("after a role change, the refreshed token says admin", () -> {
            suite.database().withConnection(c -> c.createStatement().executeUpdate(
                    "UPDATE app_users SET role = 'admin' WHERE cognito_sub = '" + SUB + "'"));
            JsonNode response = invoke(suite, LocalSuite.PRE_TOKEN_GENERATION, tokenEvent("v2-refresh-tokens.json"));
            lastTokenResponse = response;
            JsonNode access = accessClaims(response);
            String scopes = response.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/scopesToAdd").toString();
            check("admin".equals(access.path("app_role").asText()), "app_role: " + access.path("app_role"));
            check(scopes.contains("api/admin"), "scopes: " + scopes);
            return "app_role=admin, scopes " + scopes;
        });
        step("domain events are relayed, as the scheduled relay does", () -> {
            var report = suite.relayOutbox(Duration.ofSeconds(5));
            long waiting = count(suite, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL");
            check(waiting == 0, "events still waiting: " + waiting);
            check(report.published() >= 1, "published: " + report.published());
            // The pass after the provisioning batch may already have sent app_user.created: count what is left to send.
            return report.published() + " event(s) in this pass, none waiting, to " + suite.eventsDestination();
        });
        step("a poison message ends in the dead-letter queue", () -> {
            suite.sqs().sendMessage(SendMessageRequest.builder().queueUrl(suite.queueUrl()).messageBody("{not json").build());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (deadLetters(suite) == 0) {
                check(System.nanoTime() < deadline, "not in the dead-letter queue after 20 s");
                Thread.sleep(200);
            }
            return "after " + MAX_RECEIVE_COUNT + " deliveries (the demo's redrive policy)";
        });
    }

    /** The same user, now an app admin in the database, calling the API through the local gateway with signed tokens. */
    private void apiScenario(LocalSuite suite, LocalApi api) {
        LocalIssuer issuer = api.localIssuer().orElseThrow();
        String clientId = LocalIssuer.DEFAULT_CLIENT_ID;
        String adaToken = issuer.accessToken(TokenRequest.of(SUB, clientId).withScopes("api/read"));
        step("the API refuses a call without a token", () -> {
            HttpResponse<String> r = call(api, "GET", "/me", null, null);
            check(r.statusCode() == 401, "status " + r.statusCode());
            return "401 " + r.body() + " (the local gateway, as API Gateway)";
        });
        step("GET /me with a signed token: the role from the database", () -> {
            HttpResponse<String> r = call(api, "GET", "/me", adaToken, null);
            check(r.statusCode() == 200, "status " + r.statusCode());
            JsonNode me = Json.parse(r.body());
            check("admin".equals(me.path("role").asText()), "role: " + me.path("role"));
            check(me.path("memberships").size() == 1, "memberships: " + me.path("memberships").size());
            return "200, role=" + me.path("role").asText() + ", " + me.path("memberships").size() + " membership";
        });
        step("a user the consumer never saw gets a row on first call", () -> {
            HttpResponse<String> r = call(api, "GET", "/me", issuer.accessToken(TokenRequest.of(INVITED_SUB, clientId)), null);
            check(r.statusCode() == 200, "status " + r.statusCode());
            long rows = count(suite, "SELECT count(*) FROM app_users WHERE cognito_sub = '" + INVITED_SUB + "'");
            check(rows == 1, "rows: " + rows);
            return "200, one app_users row and its personal workspace";
        });
        step("another user's workspace is refused", () -> {
            String workspace = suite.database().withConnection(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT personal_workspace_id FROM app_users "
                        + "WHERE cognito_sub = '" + SUB + "'")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            HttpResponse<String> r = call(api, "GET", "/workspaces/" + workspace,
                    issuer.accessToken(TokenRequest.of(INVITED_SUB, clientId)), null);
            check(r.statusCode() == 403, "status " + r.statusCode());
            HttpResponse<String> own = call(api, "GET", "/workspaces/" + workspace, adaToken, null);
            check(own.statusCode() == 200, "owner's status " + own.statusCode());
            return "403 for a non-member, 200 for its owner";
        });
        step("an admin route needs the api/admin scope at the gateway", () -> {
            HttpResponse<String> r = call(api, "PUT", "/admin/users/" + INVITED_SUB + "/role", adaToken,
                    "{\"plan\":\"pro\"}");
            check(r.statusCode() == 403, "status " + r.statusCode());
            return "403 " + r.body();
        });
        step("with the scope, the app admin changes a plan: audited", () -> {
            String adminToken = issuer.accessToken(TokenRequest.of(SUB, clientId).withScopes("api/admin", "api/read"));
            HttpResponse<String> r = call(api, "PUT", "/admin/users/" + INVITED_SUB + "/role", adminToken,
                    "{\"plan\":\"pro\"}");
            check(r.statusCode() == 200, "status " + r.statusCode() + " " + r.body());
            long audited = count(suite, "SELECT count(*) FROM admin_audit WHERE target_sub = '" + INVITED_SUB + "'");
            long events = count(suite, "SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.role_changed'");
            check(audited == 1 && events == 1, "admin_audit rows " + audited + ", role_changed events " + events);
            return "200 plan=pro, one admin_audit row, one app_user.role_changed event";
        });
    }

    /** A user an administrator created: post-confirmation never fired for them. */
    static final String INVITED_SUB = "0f1e2d3c-4b5a-4968-8776-655443322110";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> call(LocalApi api, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.gatewayUri().resolve(path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void report(LocalSuite suite, long startedNanos) {
        out.println();
        out.println("app_users row:");
        suite.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, cognito_sub, role, billing_plan, sign_in_count, "
                    + "last_sign_in_at FROM app_users WHERE cognito_sub = '" + SUB + "'")) {
                if (rs.next()) {
                    out.printf(Locale.ROOT, "  id=%s sub=%s role=%s plan=%s sign_in_count=%d last_sign_in_at=%s%n",
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6));
                }
            }
            return null;
        });
        if (lastTokenResponse != null) {
            out.println("token claims after the refresh (V2 event):");
            JsonNode details = lastTokenResponse.at("/response/claimsAndScopeOverrideDetails");
            out.println("  ID token     " + details.at("/idTokenGeneration/claimsToAddOrOverride"));
            out.println("  access token " + details.at("/accessTokenGeneration/claimsToAddOrOverride"));
            out.println("  scopes added " + details.at("/accessTokenGeneration/scopesToAdd"));
        }
        out.println("outbox events still waiting for EventBridge: "
                + count(suite, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL"));
        out.println("dead-letter queue: " + deadLetters(suite) + " message(s)");
        long passed = steps.stream().filter(Step::passed).count();
        out.printf(Locale.ROOT, "%n%d of %d steps passed in %.1f s; function logs in %s%n", passed, steps.size(),
                (System.nanoTime() - startedNanos) / 1e9, CognitoSuiteCli.LOG_FILE);
    }

    private interface Action {
        String run() throws Exception;
    }

    private void step(String name, Action action) {
        long start = System.nanoTime();
        try {
            String detail = action.run();
            long ms = (System.nanoTime() - start) / 1_000_000;
            steps.add(new Step(name, true, ms, detail));
            out.printf(Locale.ROOT, "  ok    %-55s %6d ms  %s%n", name, ms, detail);
        } catch (Exception | AssertionError e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            steps.add(new Step(name, false, ms, e.getMessage()));
            out.printf(Locale.ROOT, "  FAIL  %-55s %6d ms  %s%n", name, ms, e.getMessage());
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static JsonNode invoke(LocalSuite suite, String function, String event) throws Exception {
        byte[] response = suite.functions().get(function).invoke(event.getBytes(StandardCharsets.UTF_8),
                FakeLambdaContext.cognitoTrigger(function));
        return Json.parse(new String(response, StandardCharsets.UTF_8));
    }

    private static String expectError(LocalSuite suite, String function, String event) {
        try {
            invoke(suite, function, event);
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected " + function + " to fail");
    }

    private static JsonNode accessClaims(JsonNode response) {
        return response.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/claimsToAddOrOverride");
    }

    private static String event(String path) {
        return ClasspathFiles.read("events/" + path);
    }

    private static String tokenEvent(String file) {
        return event("pre-token-generation/" + file).replace(TOKEN_EVENT_SUB, SUB);
    }

    private static long count(LocalSuite suite, String sql) {
        return suite.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static int deadLetters(LocalSuite suite) {
        return Integer.parseInt(suite.sqs().getQueueAttributes(GetQueueAttributesRequest.builder()
                .queueUrl(suite.deadLetterQueueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                .build()).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
