package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.consumers.provisioning.MalformedEventException;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The Lambda Invoke endpoint driven by the real AWS SDK LambdaClient with every event file. */
class InvokeEndpointIT {
    private static final Map<String, String> FUNCTION_BY_FOLDER = Map.of(
            "pre-sign-up", LocalSuite.PRE_SIGN_UP,
            "post-confirmation", LocalSuite.POST_CONFIRMATION,
            "post-authentication", LocalSuite.POST_AUTHENTICATION,
            "pre-token-generation", LocalSuite.PRE_TOKEN_GENERATION,
            "sqs", LocalSuite.USER_PROVISIONING);

    private static LocalSuite suite;
    private static InvokeEndpoint endpoint;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() throws Exception {
        suite = LocalSuite.start(LocalSuite.Options.defaults(), Map.of(), LocalSuite.Progress.silent());
        endpoint = InvokeEndpoint.start(suite.functions(), 0);
        lambda = LambdaClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        endpoint.close();
        suite.close();
    }

    @Test
    void localFunctions_sessionsStartWithTheStatementTimeoutTheMigrationPutsOnTheirRole() {
        // The functions send no SET (RDS Proxy would pin them); the local stack's migration must put the
        // server-side statement timeout on their role as the deployed migration does, or local sessions have none.
        String timeout = suite.database().withConnection(connection -> {
            try (var statement = connection.createStatement(); var rows = statement.executeQuery("SHOW statement_timeout")) {
                rows.next();
                return rows.getString(1);
            }
        });

        assertThat(timeout).isEqualTo(MigrationSettings.DEFAULT_APP_STATEMENT_TIMEOUT.toSeconds() + "s");
    }

    static Stream<Arguments> everyEventFile() {
        List<Arguments> all = new ArrayList<>();
        FUNCTION_BY_FOLDER.forEach((folder, function) ->
                ClasspathFiles.list("events/" + folder).forEach(file -> all.add(Arguments.of(function, folder + "/" + file))));
        assertThat(all).hasSizeGreaterThanOrEqualTo(35);
        return all.stream().sorted((a, b) -> a.get()[1].toString().compareTo(b.get()[1].toString()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEventFile")
    void endpoint_answersAsTheInProcessHandlerDoes(String function, String file) throws Exception {
        byte[] event = ClasspathFiles.read("events/" + file).getBytes(StandardCharsets.UTF_8);
        String inProcessError = null;
        JsonNode inProcess = null;
        try {
            inProcess = Json.parse(new String(suite.functions().get(function).invoke(event,
                    new FakeLambdaContext(function, Duration.ofSeconds(5))), StandardCharsets.UTF_8));
        } catch (Exception e) {
            inProcessError = e.getMessage();
        }

        InvokeResponse response = lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromByteArray(event)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode payload = Json.parse(response.payload().asUtf8String());
        if (inProcessError != null) {
            assertThat(response.functionError()).isEqualTo("Unhandled");
            assertThat(payload.get("errorMessage").asText()).isEqualTo(inProcessError);
            assertThat(payload.get("errorType").asText()).isNotBlank();
        } else {
            assertThat(response.functionError()).isNull();
            assertThat(payload).isEqualTo(inProcess);
        }
    }

    /** Malformed SQS events: the function errors with a fixed sentence (Lambda retries the batch) and logs why. */
    static Stream<Arguments> malformedSqsEvents() {
        return Stream.of(
                Arguments.of("not-json.json", MalformedEventException.NOT_JSON, "not valid JSON"),
                Arguments.of("no-records.json", MalformedEventException.NOT_AN_SQS_EVENT, "no Records array"),
                Arguments.of("records-not-an-array.json", MalformedEventException.NOT_AN_SQS_EVENT, "no Records array"),
                Arguments.of("null-record.json", MalformedEventException.UNNAMED_RECORD, "record 0 of 1 is null"),
                Arguments.of("record-without-message-id.json", MalformedEventException.UNNAMED_RECORD,
                        "record 0 of 1 is without a messageId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSqsEvents")
    void malformedSqsEvent_isAFunctionError_withAFixedSentence_andALogLine(String file, String sentence, String reason)
            throws Exception {
        String event = ClasspathFiles.read("events/sqs-malformed/" + file);

        try (LogCapture logs = LogCapture.start()) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(LocalSuite.USER_PROVISIONING)
                    .payload(SdkBytes.fromUtf8String(event)));

            assertThat(response.functionError()).isEqualTo("Unhandled");
            JsonNode payload = Json.parse(response.payload().asUtf8String());
            assertThat(payload.get("errorMessage").asText()).isEqualTo(sentence);
            assertThat(payload.get("errorType").asText()).isEqualTo(MalformedEventException.class.getName());
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"").contains(reason));
            assertThat(logs.all()).doesNotContain("NullPointerException");
        }
    }

    @Test
    void sqsRecordsWithoutBodyOrAttributes_failAsBatchItems_withALogLine() throws Exception {
        String event = ClasspathFiles.read("events/sqs-malformed/records-without-body-or-attributes.json");

        try (LogCapture logs = LogCapture.start()) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(LocalSuite.USER_PROVISIONING)
                    .payload(SdkBytes.fromUtf8String(event)));

            assertThat(response.functionError()).isNull();
            assertThat(Json.parse(response.payload().asUtf8String()).findValuesAsText("itemIdentifier"))
                    .containsExactly("00000009-aaaa-4bbb-8ccc-000000000001", "00000009-aaaa-4bbb-8ccc-000000000002");
            assertThat(logs.all()).contains("message 00000009-aaaa-4bbb-8ccc-000000000002 is invalid")
                    .doesNotContain("NullPointerException");
        }
    }

    @Test
    void refusedSignUp_comesBackInLambdasErrorShape() {
        InvokeResponse response = lambda.invoke(b -> b.functionName(LocalSuite.PRE_SIGN_UP)
                .payload(SdkBytes.fromUtf8String(ClasspathFiles.read("events/pre-sign-up/sign-up-disposable-email.json"))));

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorMessage\":\"Sign-up is not possible with this email address.\"")
                .contains("\"errorType\":\"io.cognitosuite.triggers.runtime.TriggerFailedException\"");
    }

    @Test
    void functionArn_isAcceptedAsName() throws Exception {
        InvokeResponse response = lambda.invoke(b -> b.functionName("arn:aws:lambda:eu-west-1:000000000000:function:PostConfirmation")
                .payload(SdkBytes.fromUtf8String(ClasspathFiles.read("events/post-confirmation/confirm-forgot-password.json"))));

        assertThat(response.functionError()).isNull();
        assertThat(Json.parse(response.payload().asUtf8String()).get("triggerSource").asText())
                .isEqualTo("PostConfirmation_ConfirmForgotPassword");
    }

    @Test
    void unknownFunction_isResourceNotFound() {
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("NoSuchFunction").payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: NoSuchFunction");
    }
}
