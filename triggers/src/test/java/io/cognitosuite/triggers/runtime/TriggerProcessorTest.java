package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class TriggerProcessorTest {
    private static final String EVENT = """
            {"version":"1","region":"eu-west-1","userPoolId":"eu-west-1_Ab12Cd34E","userName":"ada",
             "callerContext":{"awsSdkVersion":"x","clientId":"client-1"},
             "triggerSource":"PostConfirmation_ConfirmSignUp",
             "request":{"userAttributes":{"sub":"s-1","email":"ada@example.com"}},"response":{}}
            """;

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final TriggerProcessor processor = new TriggerProcessor("PostConfirmation", metrics, Clock.systemUTC());

    @Test
    void process_writesTheLogicResponse_andCountsASuccess() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        processor.process(in(EVENT), out, FakeLambdaContext.cognitoTrigger("f"), (event, invocation) -> event.json());

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8))).isEqualTo(Json.parse(EVENT));
        MetricSet m = metrics.last();
        assertThat(m.dimensions()).containsEntry("TriggerSource", "PostConfirmation_ConfirmSignUp");
        assertThat(m.counts()).containsEntry("Invocations", 1.0).containsEntry("Failures", 0.0);
        assertThat(m.millis()).containsKey("Latency");
    }

    @Test
    void process_failsMalformedJson_withTheFixedSentence() {
        assertThatThrownBy(() -> processor.process(in("{\"triggerSource\": "), new ByteArrayOutputStream(), null,
                (event, invocation) -> event.json()))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.INVALID_REQUEST);
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
        assertThat(metrics.last().dimensions()).containsEntry("TriggerSource", "unknown");
    }

    /**
     * The Lambda runtime prints a thrown exception with its whole cause chain (to the log and in the error payload), and
     * the parser's own exception quotes the input where it broke: none of it may travel with the refusal (issue 13,
     * scenario 7 found it).
     */
    @Test
    void process_failsMalformedJson_withoutTheParsersMessage_whichQuotesTheInput() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> processor.process(
                in("{\"triggerSource\": leakvalue}"), new ByteArrayOutputStream(), null,
                (event, invocation) -> event.json()));

        assertThat(thrown).isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.INVALID_REQUEST);
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).as("what the Lambda runtime would print").doesNotContain("leakvalue");
    }

    @Test
    void process_failsAnEventWithoutPoolId_withTheFixedSentence() {
        assertThatThrownBy(() -> processor.process(in("{\"triggerSource\":\"X\",\"userName\":\"u\"}"),
                new ByteArrayOutputStream(), null, (event, invocation) -> event.json()))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.INVALID_REQUEST);
    }

    @Test
    void process_neverShowsTheUserAnInternalErrorMessage() {
        assertThatThrownBy(() -> processor.process(in(EVENT), new ByteArrayOutputStream(), null, (event, invocation) -> {
            throw new IllegalStateException("connection to db-prod-7.internal:5432 refused");
        }))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    @Test
    void process_putsRequestIdTriggerSourceAndPoolIdIntoEveryLogLine() throws Exception {
        FakeLambdaContext context = FakeLambdaContext.cognitoTrigger("f");
        try (LogCapture logs = LogCapture.start()) {
            processor.process(in(EVENT), new ByteArrayOutputStream(), context, (event, invocation) -> {
                LoggerFactory.getLogger("test").info("inside the trigger");
                return event.json();
            });

            String line = logs.lines().stream().filter(l -> l.contains("inside the trigger")).findFirst().orElseThrow();
            JsonNode json = Json.parse(line);
            assertThat(json.get("AWSRequestId").asText()).isEqualTo(context.getAwsRequestId());
            assertThat(json.get("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
            assertThat(json.get("userPoolId").asText()).isEqualTo("eu-west-1_Ab12Cd34E");
            assertThat(json.get("function").asText()).isEqualTo("PostConfirmation");
            assertThat(json.get("level").asText()).isEqualTo("INFO");
        }
        assertThat(org.slf4j.MDC.get("AWSRequestId")).as("context is cleared after the invocation").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJl", "leak.source@example.com"})
    void untrustedTriggerSource_neverReachesTheLogContextAMessageOrAMetric(String source) {
        String event = EVENT.replace("PostConfirmation_ConfirmSignUp", source);
        String log;
        try (LogCapture logs = LogCapture.start()) {
            // As every trigger does: a message built from the trigger source it was given.
            assertThatThrownBy(() -> processor.process(in(event), new ByteArrayOutputStream(), null, (e, invocation) -> {
                LoggerFactory.getLogger("test").info("inside the trigger");
                throw new MalformedEventException("trigger source " + e.triggerSource() + " is not handled here");
            }))
                    .isInstanceOf(TriggerFailedException.class)
                    .hasMessage(TriggerFailedException.INVALID_REQUEST);
            log = logs.all();
            String line = logs.lines().stream().filter(l -> l.contains("inside the trigger")).findFirst().orElseThrow();
            assertThat(line).contains("\"triggerSource\":\"unknown\"");
        }

        assertThat(log).contains("rejected a malformed event").doesNotContain(source).doesNotContain(source.substring(0, 10));
        assertThat(metrics.last().dimensions()).containsEntry("TriggerSource", "unknown");
    }

    @Test
    void untrustedUserPoolId_neverReachesTheLogContext() throws Exception {
        String email = "leak.pool@example.com";
        String log;
        try (LogCapture logs = LogCapture.start()) {
            processor.process(in(EVENT.replace("eu-west-1_Ab12Cd34E", email)), new ByteArrayOutputStream(), null,
                    (e, invocation) -> {
                        LoggerFactory.getLogger("test").info("inside the trigger");
                        return e.json();
                    });
            log = logs.all();
        }

        assertThat(log).contains("inside the trigger").contains("\"userPoolId\":\"invalid\"").doesNotContain(email);
    }

    private static ByteArrayInputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
