package io.cognitosuite.tools.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcSupportAudit;
import io.cognitosuite.tools.CognitoSuiteCli;
import io.cognitosuite.tools.CognitoSuiteCli.Captured;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The support desk's shared behaviour through {@code db} and {@code audit}: exit codes, audit rows, operator. */
class SupportCommandsIT {
    private static DatabaseCoordinates database;


    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.shared().createDatabase("support_cli");
    }

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(DatabaseSettings.URL, database.jdbcUrl());
        env.put(DatabaseSettings.USER, database.user());
        env.put(DatabaseSettings.PASSWORD, database.password());
        return env;
    }

    static Captured run(Map<String, String> environment, String... args) {
        return CognitoSuiteCli.capture(environment, args);
    }

    @Test
    void dbMigrate_appliesEveryMigration_recordsWhoDidIt_andInfoAndAuditListShowIt() throws Exception {
        Captured before = run(environment(), "db", "info", "--json");
        Captured migrate = run(environment(), "db", "migrate", "--operator", "ada@support");
        Captured again = run(environment(), "db", "migrate", "--operator", "ada@support", "--json");
        Captured info = run(environment(), "db", "info");
        Captured audit = run(environment(), "audit", "list", "--action", "db migrate", "--json");

        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.json()).allMatch(m -> m.path("state").asText().equals("Pending"));
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("migration(s) applied; schema version 9");
        assertThat(again.json().path("migrationsExecuted").asInt()).isZero();
        assertThat(info.out()).containsPattern("7\\s+Success").doesNotContain("Pending");
        JsonNode rows = audit.json();
        assertThat(rows).hasSize(2);
        assertThat(rows).allMatch(r -> r.path("operator").asText().equals("ada@support")
                && r.path("result").asText().equals("ok") && !r.path("finishedAt").isNull());
        assertThat(rows.get(1).path("counts").path("migrationsExecuted").asInt()).isEqualTo(9);
        assertThat(rows.get(0).path("counts").path("migrationsExecuted").asInt()).isZero();
    }

    @Test
    void aChange_withNoOperatorAndNoCallerIdentity_isRefusedWithUsageExitCode() throws Exception {
        Map<String, String> env = environment();
        try (ServerSocket closed = new ServerSocket(0)) {
            env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + closed.getLocalPort());
        }
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");

        Captured refused = run(env, "db", "migrate");

        assertThat(refused.exit()).isEqualTo(SupportCommand.USAGE);
        assertThat(refused.err()).contains("error: no operator for the audit record").contains("hint: pass --operator");
    }

    @Test
    void withoutDatabaseUrl_aCommandSaysWhichVariable_andExitsTwo() {
        Captured run = run(Map.of(), "audit", "list");

        assertThat(run.exit()).isEqualTo(SupportCommand.USAGE);
        assertThat(run.err()).contains("error: DATABASE_URL is not set").contains("hint: export DATABASE_URL=")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnreachableDatabase_isAFailure_exitOne_withAHint() throws Exception {
        Map<String, String> env = environment();
        try (ServerSocket closed = new ServerSocket(0)) {
            env.put(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:" + closed.getLocalPort() + "/app");
        }

        Captured run = run(env, "audit", "list");

        assertThat(run.exit()).isEqualTo(SupportCommand.FAILED);
        assertThat(run.err()).contains("hint: is the database in DATABASE_URL up");
    }

    @Test
    void anAuditedAction_isOnTheRecordWhileItRuns_andOneEndedWithoutAResultIsFailed() {
        run(environment(), "db", "migrate", "--operator", "setup");
        try (Database db = Database.pooled(new DatabaseSettings(database.jdbcUrl(), database.user(), database.password(),
                2, java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5)))) {
            JdbcSupportAudit audit = new JdbcSupportAudit(db);
            String requestId;
            try (AuditedAction action = AuditedAction.begin(audit, Clock.systemUTC(), "bob", "test action",
                    Map.of("max", "3"))) {
                requestId = action.requestId();
                assertThat(audit.list(1, "test action").get(0).result()).isEqualTo("started");
                action.count("moved", 2);
            }

            var row = audit.list(1, "test action").get(0);
            assertThat(row.requestId()).isEqualTo(requestId);
            assertThat(row.result()).isEqualTo("failed");
            assertThat(row.counts()).containsEntry("moved", 2L);
            assertThat(row.arguments()).containsEntry("max", "3");
            assertThat(row.finishedAt()).isNotNull();
        }
    }
}
