package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both failure policies with PostgreSQL really stopped (pg_ctl stop) and really hung (every server
 * process stopped with SIGSTOP), not mocked.
 */
class PreTokenOutageIT {
    private static StoppableDatabase fixture;
    private static EmbeddedPostgresServer server;
    private static Database database;

    @BeforeAll
    static void start() {
        fixture = StoppableDatabase.start();
        server = fixture.server();
        database = fixture.database();
        PreTokenFixtures.seed(database);
    }

    @AfterEach
    void recover() {
        server.startAgain();
        server.thaw();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void omit_databaseStopped_issuesTheTokenWithoutAppClaims() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.OMIT, metrics);
        server.stop();

        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication.json"));

        assertUnavailableOnly(output);
        assertThat(metrics.published()).anySatisfy(m -> assertThat(m.counts()).containsEntry("ClaimsUnavailable", 1.0));
        assertThat(metrics.last().counts()).containsEntry("Failures", 0.0);
    }

    @Test
    void omit_databaseStopped_suppressesEveryRoleScope_andAddsNone() throws Exception {
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.OMIT, new RecordingMetrics());
        server.stop();

        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-hosted-auth-requests-admin-scope.json"));

        assertUnavailableOnly(output);
        JsonNode access = output.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration");
        List<String> suppressed = new ArrayList<>();
        access.path("scopesToSuppress").forEach(scope -> suppressed.add(scope.asText()));
        assertThat(suppressed).as("every scope named in ROLE_SCOPES").containsExactlyInAnyOrder("api/admin", "api/read");
        assertThat(access.has("scopesToAdd")).isFalse();
    }

    @Test
    void omit_v1_databaseStopped_saysUnavailableAsAString() throws Exception {
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.OMIT, new RecordingMetrics());
        server.stop();

        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v1-refresh-tokens.json"));

        JsonNode claims = output.at("/response/claimsOverrideDetails/claimsToAddOrOverride");
        assertThat(claims.size()).isEqualTo(1);
        assertThat(claims.get("app_claims_unavailable").asText()).isEqualTo("true");
    }

    @Test
    void deny_databaseStopped_failsTheSignInWithTheFixedSentence() {
        RecordingMetrics metrics = new RecordingMetrics();
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.DENY, metrics);
        server.stop();

        assertThatThrownBy(() -> PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication.json")))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    @Test
    void omit_databaseHung_answersWithinTheDeadline_thenRecovers() throws Exception {
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.OMIT,
                new RecordingMetrics(), Duration.ofMillis(1500));
        // A pooled connection exists before the hang, as in a warm Lambda.
        assertThat(PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication.json"))
                .at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/app_role").asText())
                .isEqualTo("user");
        server.freeze();

        long started = System.nanoTime();
        JsonNode output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-refresh-tokens.json"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailableOnly(output);
        // The deadline (1.5 s) bounds the call; the slack is for a loaded 2-core machine, not a speed target.
        assertThat(took).isLessThan(Duration.ofMillis(2000));

        server.thaw();
        JsonNode after = awaitClaims(handler);
        assertThat(after.at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride/app_role")
                .asText()).isEqualTo("user");
    }

    @Test
    void deny_databaseHung_failsWithinTheDeadline() {
        PreTokenGenerationHandler handler = PreTokenFixtures.handler(database, ClaimsUnavailablePolicy.DENY,
                new RecordingMetrics(), Duration.ofMillis(1500));
        server.freeze();

        long started = System.nanoTime();
        assertThatThrownBy(() -> PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v3-authentication.json")))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
    }

    /** After a hang, the first token may still meet a connection that timed out; claims return within a few tries. */
    private static JsonNode awaitClaims(PreTokenGenerationHandler handler) throws Exception {
        JsonNode output = null;
        for (int i = 0; i < 5; i++) {
            output = PreTokenFixtures.invoke(handler, PreTokenFixtures.event("v2-authentication.json"));
            if (!output.at("/response/claimsAndScopeOverrideDetails/idTokenGeneration/claimsToAddOrOverride")
                    .has("app_claims_unavailable")) {
                return output;
            }
        }
        return output;
    }

    private static void assertUnavailableOnly(JsonNode output) {
        JsonNode details = output.at("/response/claimsAndScopeOverrideDetails");
        JsonNode id = details.at("/idTokenGeneration/claimsToAddOrOverride");
        JsonNode access = details.at("/accessTokenGeneration/claimsToAddOrOverride");
        assertThat(id.size()).isEqualTo(1);
        assertThat(id.get("app_claims_unavailable").asBoolean()).isTrue();
        assertThat(access.size()).isEqualTo(1);
        assertThat(access.get("app_claims_unavailable").asBoolean()).isTrue();
        assertThat(details.at("/accessTokenGeneration").has("scopesToAdd")).as("no scopes granted").isFalse();
    }
}
