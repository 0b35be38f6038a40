package io.cognitosuite.schema.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.schema.function.ResponseUrlServer.Received;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The custom-resource handler against real PostgreSQL and a loopback stand-in for the pre-signed response URL. */
class MigrationHandlerIT {
    private static final String PASSWORD_NEVER_SHOWN = "s3cret-never-shown";

    private ResponseUrlServer responseUrl;
    private DatabaseCoordinates database;

    @BeforeEach
    void start() throws Exception {
        responseUrl = new ResponseUrlServer();
        database = TestDatabases.shared().createDatabase("schema_migration");
    }

    @AfterEach
    void stop() {
        responseUrl.close();
    }

    private Map<String, String> environment() {
        return Map.of("DATABASE_URL", database.jdbcUrl(), "DATABASE_USER", database.user(),
                "DATABASE_PASSWORD", database.password());
    }

    private static MigrationHandler handler(Map<String, String> environment) {
        return new MigrationHandler(new SchemaMigrationService(FlywayMigrator.fromEnvironment(environment),
                Duration.ofSeconds(2)), new CustomResourceResponder(3, Duration.ofSeconds(2), Duration.ofMillis(50)));
    }

    private void invoke(MigrationHandler handler, InputStream event) throws Exception {
        handler.handleRequest(event, new ByteArrayOutputStream(), new FakeLambdaContext("SchemaMigration", Duration.ofSeconds(60)));
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode body(Received received) throws Exception {
        return Json.parse(received.body());
    }

    @Test
    void create_appliesEveryMigration_andPutsSuccessToTheResponseUrl() throws Exception {
        invoke(handler(environment()), CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        assertThat(responseUrl.received()).hasSize(1);
        Received put = responseUrl.received().get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.query()).isEqualTo("X-Amz-Signature=do-not-log-me");
        // The URL is signed without a content type; S3 would refuse one.
        assertThat(put.hasHeader("Content-Type")).isFalse();
        JsonNode body = body(put);
        assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(SchemaMigrationService.PHYSICAL_RESOURCE_ID);
        assertThat(body.get("StackId").asText()).isEqualTo(CustomResourceEvents.STACK_ID);
        assertThat(body.get("RequestId").asText()).isEqualTo("req-create");
        assertThat(body.get("LogicalResourceId").asText()).isEqualTo("SchemaMigration");
        long applied = query("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL");
        assertThat(applied).isPositive();
        assertThat(body.get("Data").get("MigrationsExecuted").asText()).isEqualTo(Long.toString(applied));
        assertThat(query("SELECT count(*) FROM app_users")).isZero();
    }

    @Test
    void create_putsTheStatementTimeoutOnTheAppRole_soItsSessionsStartWithIt() throws Exception {
        String appRole = "app_" + database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1);
        TestDatabases.execute(database, "CREATE ROLE " + appRole + " LOGIN");
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("DATABASE_APP_USER", appRole);
        environment.put("DATABASE_APP_STATEMENT_TIMEOUT_MS", "1234");

        invoke(handler(environment), CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        assertThat(body(responseUrl.received().get(0)).get("Status").asText()).isEqualTo("SUCCESS");
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), appRole, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1234ms");
        }
    }

    @Test
    void appRoleThatDoesNotExist_isAnsweredFailed_withItsSqlState() throws Exception {
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("DATABASE_APP_USER", "no_such_role_for_the_app");

        invoke(handler(environment), CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        JsonNode body = body(responseUrl.received().get(0));
        assertThat(body.get("Status").asText()).isEqualTo("FAILED");
        assertThat(body.get("Reason").asText()).contains("SQL state 42704");
    }

    @Test
    void update_afterCreate_appliesNothingMore_andKeepsThePhysicalId() throws Exception {
        MigrationHandler handler = handler(environment());
        invoke(handler, CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        invoke(handler, CustomResourceEvents.stream("Update", responseUrl.responseUrl(), "cognito-suite-schema"));

        JsonNode update = body(responseUrl.received().get(1));
        assertThat(update.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(update.get("PhysicalResourceId").asText()).isEqualTo("cognito-suite-schema");
        assertThat(update.get("Data").get("MigrationsExecuted").asText()).isEqualTo("0");
    }

    @Test
    void delete_keepsTheSchemaAndItsRows() throws Exception {
        MigrationHandler handler = handler(environment());
        invoke(handler, CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));
        long historyBefore = query("SELECT count(*) FROM flyway_schema_history");

        invoke(handler, CustomResourceEvents.stream("Delete", responseUrl.responseUrl(), "cognito-suite-schema"));

        assertThat(body(responseUrl.received().get(1)).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).isEqualTo(historyBefore);
        assertThat(query("SELECT count(*) FROM pg_tables WHERE tablename = 'app_users'")).isEqualTo(1);
    }

    @Test
    void unreachableDatabase_isAnsweredFailed_withNoSecretInTheReasonOrTheLog() throws Exception {
        Map<String, String> environment = Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app",
                "DATABASE_USER", "migrator", "DATABASE_PASSWORD", PASSWORD_NEVER_SHOWN);

        try (LogCapture log = LogCapture.start()) {
            invoke(handler(environment), CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

            assertThat(log.all()).doesNotContain(PASSWORD_NEVER_SHOWN).doesNotContain("do-not-log-me");
        }
        Received put = responseUrl.received().get(0);
        JsonNode body = body(put);
        assertThat(body.get("Status").asText()).isEqualTo("FAILED");
        assertThat(body.get("Reason").asText()).startsWith("Schema migration failed (").contains("SQL state 08001")
                .contains("log stream local");
        assertThat(put.body()).doesNotContain(PASSWORD_NEVER_SHOWN).doesNotContain("jdbc:");
    }

    @Test
    void missingDatabaseVariables_areAnsweredFailed_namingThem() throws Exception {
        invoke(handler(Map.of("DATABASE_PASSWORD", PASSWORD_NEVER_SHOWN)),
                CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        JsonNode body = body(responseUrl.received().get(0));
        assertThat(body.get("Status").asText()).isEqualTo("FAILED");
        assertThat(body.get("Reason").asText())
                .contains("DATABASE_URL is required but not set")
                .contains("DATABASE_USER is required but not set")
                .doesNotContain(PASSWORD_NEVER_SHOWN);
    }

    @Test
    void responseUrlFailingOnce_isTriedAgain() throws Exception {
        responseUrl.answerWith(503);

        invoke(handler(environment()), CustomResourceEvents.stream("Create", responseUrl.responseUrl(), null));

        List<Received> puts = responseUrl.received();
        assertThat(puts).hasSize(2);
        assertThat(puts.get(1).body()).isEqualTo(puts.get(0).body());
    }

    @Test
    void responseUrlNeverAccepting_failsTheInvocation_soThatLambdaRetriesIt() {
        responseUrl.answerWith(500, 500, 500);

        assertThatThrownBy(() -> invoke(handler(environment()),
                CustomResourceEvents.stream("Delete", responseUrl.responseUrl(), "cognito-suite-schema")))
                .isInstanceOf(ResponseNotDeliveredException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageNotContaining("do-not-log-me");
        assertThat(responseUrl.received()).hasSize(3);
    }

    @Test
    void eventWithoutResponseUrl_isRefused_andNothingIsSent() {
        Map<String, Object> event = new HashMap<>(CustomResourceEvents.request("Create", responseUrl.responseUrl(), null));
        event.remove("ResponseURL");

        assertThatThrownBy(() -> invoke(handler(environment()), CustomResourceEvents.stream(event)))
                .isInstanceOf(MalformedCustomResourceRequestException.class);
        assertThat(responseUrl.received()).isEmpty();
    }
}
