package io.cognitosuite.reliability.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.reliability.hygiene.LogHygiene.Kind;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsTestClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;

class LogHygieneTest {
    private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxMjMiLCJ0b2tlbl91c2UiOiJpZCJ9."
            + "c2lnbmF0dXJlLWJ5dGVz";

    static Stream<Arguments> dirtyLines() {
        return Stream.of(
                Arguments.of("{\"message\":\"provisioned jane.doe@example.com\"}", Kind.EMAIL),
                Arguments.of("user Jane+tag@mail.example.co.uk signed in", Kind.EMAIL),
                Arguments.of("{\"message\":\"phone +447700900123 verified\"}", Kind.PHONE),
                Arguments.of("sms to +12025550143.", Kind.PHONE),
                Arguments.of("{\"message\":\"token " + JWT + "\"}", Kind.JWT),
                Arguments.of("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjMifQ. accepted", Kind.JWT),
                Arguments.of("connecting with password=hunter2", Kind.PASSWORD),
                Arguments.of("DATABASE_PASSWORD=s3cret", Kind.PASSWORD),
                Arguments.of("{\"password\": \"hunter2\"}", Kind.PASSWORD),
                Arguments.of("{\"message\":\"body {\\\"password\\\":\\\"hunter2\\\"}\"}", Kind.PASSWORD),
                Arguments.of("ERROR: new row violates check constraint \"c\"  Detail: Failing row contains (1, jane, x).", Kind.ROW_DETAILS),
                Arguments.of("duplicate key value violates unique constraint \"app_users_pkey\" Detail: Key (cognito_sub)=(abc) already exists.",
                        Kind.ROW_DETAILS));
    }

    @ParameterizedTest
    @MethodSource("dirtyLines")
    void aLineCarryingSecretOrPersonalData_isNamed_withTheDataMaskedInTheFinding(String dirty, Kind kind) {
        List<String> lines = List.of("{\"message\":\"batch of 10 messages: 10 users provisioned\"}", dirty);

        List<LogHygiene.Finding> findings = LogHygiene.scan(lines);

        assertThat(findings).extracting(LogHygiene.Finding::line, LogHygiene.Finding::kind)
                .contains(org.assertj.core.groups.Tuple.tuple(1, kind));
        assertThat(findings).allSatisfy(f -> assertThat(f.line()).isEqualTo(1));
        LogHygiene.Finding finding = findings.stream().filter(f -> f.kind() == kind).findFirst().orElseThrow();
        assertThat(finding.masked()).contains("<" + kind + ">");
        assertThat(finding.toString()).startsWith("line 1: " + kind + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"message\":\"batch of 10 messages: 10 users provisioned, 0 already present, 0 invalid, 0 failed, 0 postponed\"}",
            "support: user a***@example.com shown masked",
            "{\"message\":\"email j***@e***.com\"}",
            "{\"timestamp\":\"2026-12-01T18:20:27.123+00:00\",\"message\":\"request 3f2a-11\"}",
            "phone +44*******123 masked; order 1234567890123",
            "DATABASE_PASSWORD is missing",
            "{\"message\":\"password=*** (redacted)\"}",
            "password: null",
            "org.postgresql.jdbc.PgConnection@6d06d69c closed",
            "the database refused the row (SQL state 23514, constraint app_users_email_check)",
            "io.cognitosuite.consumers.provisioning.ProvisioningService: eyJ is how a JWT starts"})
    void aCleanLine_hasNoFinding(String clean) {
        assertThat(LogHygiene.scan(List.of(clean))).isEmpty();
    }

    @Test
    void aClassWhoseLogHasAFinding_failsNamingTheLine_andACleanOnePrintsItsCount() {
        List<String> dirty = List.of("clean", "mail to jane.doe@example.com, password=hunter2");

        assertThatThrownBy(() -> LogHygieneExtension.verdict("SomeIT", dirty, 2, 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 findings in 2 lines logged while SomeIT ran")
                .hasMessageContaining("line 1: EMAIL: mail to <EMAIL>, <PASSWORD>")
                .hasMessageContaining("line 1: PASSWORD: mail to <EMAIL>, <PASSWORD>")
                .hasMessageNotContaining("jane.doe").hasMessageNotContaining("hunter2");
        assertThat(LogHygieneExtension.verdict("SomeIT", List.of("a", "b"), 7, 3))
                .isEqualTo("[reliability] log hygiene: 2 lines scanned, 0 findings (SomeIT; 7 lines in 3 classes so far in this test JVM)");
    }

    /**
     * The extension must see what the functions log, or it would pass by seeing nothing: the provisioning consumer,
     * wired as production wires it, logs a malformed event (no socket is opened: the pool is created on first use).
     */
    @Test
    void theExtensionCapturesTheLinesTheFunctionsLog() {
        Map<String, String> environment = Map.of(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:1/unused",
                DatabaseSettings.USER, "unused", DatabaseSettings.PASSWORD, "unused",
                RelaySettings.AFTER_BATCH_BUDGET, "0");
        SqsClient unusedSqs = SqsTestClients.client(URI.create("http://127.0.0.1:1"));
        ConsumerConnections connections = new ConsumerConnections(Database::pooled, () -> unusedSqs,
                (bus, source, attempts) -> {
                    throw new AssertionError("no relay pass in this test");
                }, new RecordingMetrics());
        ProvisioningHandler handler = new ProvisioningHandler(ConsumerComponents.userProvisioning(environment, connections,
                Clock.systemUTC()));

        assertThatThrownBy(() -> handler.handleRequest(new SQSEvent(), new FakeLambdaContext("UserProvisioning",
                Duration.ofSeconds(30)))).isInstanceOf(RuntimeException.class);

        assertThat(LogHygieneExtension.linesOfTheRunningClass())
                .anySatisfy(line -> assertThat(line).contains("invalid event: no Records array").contains("SqsBatchProcessor"));
        unusedSqs.close();
    }
}
