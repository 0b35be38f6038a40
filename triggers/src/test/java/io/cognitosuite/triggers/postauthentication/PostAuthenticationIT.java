package io.cognitosuite.triggers.postauthentication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.db.Database;
import io.cognitosuite.common.domain.NewAppUser;
import io.cognitosuite.common.jdbc.JdbcAppUsers;
import io.cognitosuite.common.jdbc.JdbcSignIns;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.testing.RecordingMetrics;
import io.cognitosuite.common.testing.StoppableDatabase;
import io.cognitosuite.common.trigger.TriggerProcessor;
import io.cognitosuite.testkit.ClasspathFiles;
import io.cognitosuite.testkit.EmbeddedPostgresServer;
import io.cognitosuite.testkit.FakeLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Post-authentication against real PostgreSQL, including the server really stopped and really hung. */
class PostAuthenticationIT {
    private static final String LIN = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static StoppableDatabase fixture;
    private static EmbeddedPostgresServer server;
    private static Database database;

    @BeforeAll
    static void start() {
        fixture = StoppableDatabase.start(s -> s.withConnectTimeoutAtMost(Duration.ofMillis(400)));
        server = fixture.server();
        database = fixture.database();
        new JdbcAppUsers(database).provision(List.of(new NewAppUser("eu-west-1_Ab12Cd34E", LIN, LIN, "lin@example.com", true, null)));
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
    void signIn_isCounted_andAnnouncedWithDeviceAndClient() throws Exception {
        long before = fixture.count("SELECT sign_in_count FROM app_users WHERE cognito_sub = '" + LIN + "'");
        String event = ClasspathFiles.read("events/post-authentication/authentication-new-device.json");

        JsonNode output = invoke(handler(new RecordingMetrics()), event);

        assertThat(output).isEqualTo(Json.parse(event));
        assertThat(fixture.count("SELECT sign_in_count FROM app_users WHERE cognito_sub = '" + LIN + "'")).isEqualTo(before + 1);
        assertThat(fixture.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + LIN + "' AND last_sign_in_at IS NOT NULL"))
                .isEqualTo(1);
        String payload = database.withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT payload::text FROM outbox_events WHERE event_type = 'user.signed_in' ORDER BY occurred_at DESC LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        });
        JsonNode detail = Json.parse(payload);
        assertThat(detail.get("version").asInt()).isEqualTo(1);
        assertThat(detail.get("newDevice").asBoolean()).isTrue();
        assertThat(detail.get("clientId").asText()).isEqualTo("4h5k6l7m8n9o0p1q2r3s4t5u6v");
        assertThat(detail.get("cognitoSub").asText()).isEqualTo(LIN);
        assertThat(payload).doesNotContain("lin@example.com");
    }

    @Test
    void unknownUser_signsInWithoutARecord() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        long events = fixture.count("SELECT count(*) FROM outbox_events WHERE event_type = 'user.signed_in'");
        String event = ClasspathFiles.read("events/post-authentication/authentication-unknown-user.json");

        JsonNode output = invoke(handler(metrics), event);

        assertThat(output).isEqualTo(Json.parse(event));
        assertThat(fixture.count("SELECT count(*) FROM outbox_events WHERE event_type = 'user.signed_in'")).isEqualTo(events);
        assertThat(metrics.last().counts()).containsEntry("SignInsNotRecorded", 1.0).containsEntry("Failures", 0.0);
    }

    @Test
    void databaseStopped_theSignInStillSucceeds_withinTheBudget() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        PostAuthenticationHandler handler = handler(metrics);
        String event = ClasspathFiles.read("events/post-authentication/authentication.json");
        server.stop();

        long started = System.nanoTime();
        JsonNode output = invoke(handler, event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(output).isEqualTo(Json.parse(event));
        // The budget is 500 ms; the bound allows for a loaded 2-core machine and is not a speed target.
        assertThat(took).isLessThan(Duration.ofMillis(1000));
        assertThat(metrics.last().counts()).containsEntry("SignInsNotRecorded", 1.0).containsEntry("Failures", 0.0);
    }

    @Test
    void databaseHung_theSignInStillSucceeds_withinTheBudget() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        PostAuthenticationHandler handler = handler(metrics);
        String event = ClasspathFiles.read("events/post-authentication/authentication.json");
        invoke(handler, event); // a warm pooled connection, as in a warm Lambda
        server.freeze();

        long started = System.nanoTime();
        JsonNode output = invoke(handler, event);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(output).isEqualTo(Json.parse(event));
        assertThat(took).isLessThan(Duration.ofMillis(1000));
        assertThat(metrics.last().counts()).containsEntry("SignInsNotRecorded", 1.0);
    }

    @Test
    void eventWithoutSub_stillSignsIn() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        String event = ClasspathFiles.read("events/post-authentication/authentication.json")
                .replace("\"sub\": \"" + LIN + "\",", "");

        JsonNode output = invoke(handler(metrics), event);

        assertThat(output).isEqualTo(Json.parse(event));
        assertThat(metrics.last().counts()).containsEntry("SignInsNotRecorded", 1.0).containsEntry("Failures", 0.0);
    }

    private static PostAuthenticationHandler handler(RecordingMetrics metrics) {
        return new PostAuthenticationHandler(new TriggerProcessor(PostAuthenticationHandler.FUNCTION, metrics, Clock.systemUTC()),
                new PostAuthenticationService(new JdbcSignIns(database), Duration.ofMillis(500), Clock.systemUTC()));
    }

    private static JsonNode invoke(PostAuthenticationHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PostAuthenticationHandler.FUNCTION));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

}
