package io.cognitosuite.triggers.presignup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.aws.cognito.CognitoUserPool;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The pre-sign-up handler as Lambda runs it, with the real Cognito SDK client against WireMock. */
class PreSignUpHandlerIT {
    private static WireMockServer wiremock;
    private static CognitoIdentityProviderClient client;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        client = AwsClients.configured(CognitoIdentityProviderClient.builder()).endpointOverride(URI.create(wiremock.baseUrl())).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        wiremock.stop();
    }

    @BeforeEach
    void reset() {
        wiremock.resetAll();
    }

    @Test
    void googleSignUp_withTheEmailOfANativeUser_isLinkedToIt() throws Exception {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .willReturn(json("{\"Users\":[{\"Username\":\"ada.lovelace\",\"UserStatus\":\"CONFIRMED\","
                        + "\"Attributes\":[{\"Name\":\"email_verified\",\"Value\":\"true\"}]}]}")));
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser"))
                .willReturn(json("{}")));
        RecordingMetrics metrics = new RecordingMetrics();
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json");

        JsonNode output = invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), metrics), event);

        assertThat(output.get("request")).isEqualTo(Json.parse(event).get("request"));
        assertThat(output.at("/response/autoVerifyEmail").asBoolean()).isTrue();
        wiremock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser"))
                .withRequestBody(matchingJsonPath("$.DestinationUser.ProviderAttributeValue", equalTo("ada.lovelace")))
                .withRequestBody(matchingJsonPath("$.SourceUser.ProviderAttributeValue", equalTo("109876543210987654321"))));
        assertThat(metrics.last().counts()).containsEntry("FederatedIdentitiesLinked", 1.0).containsEntry("Failures", 0.0);
    }

    @Test
    void cognitoApiDown_failsTheSignUpWithTheFixedSentence() {
        wiremock.stubFor(post("/").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"InternalErrorException\",\"message\":\"boom\"}")));

        assertThatThrownBy(() -> invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                new RecordingMetrics()), ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.TRY_AGAIN);
    }

    @Test
    void googleSignUp_withoutEmailVerified_isNeitherLinkedNorVerified_andCallsNoApi() throws Exception {
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-google.json");

        JsonNode output = invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                new RecordingMetrics()), event);

        assertThat(output.at("/response/autoVerifyEmail").asBoolean()).isFalse();
        assertThat(output.at("/response/autoConfirmUser").asBoolean()).isFalse();
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    /**
     * A permanent refusal of ListUsers (a missing IAM policy, a bad filter) under block refuses the sign-up
     * with the try-again sentence, and neither the log nor the thrown exception carries the SDK's message,
     * which may quote the filter and so the whole email.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedException", "InvalidParameterException"})
    void block_listUsersRefusedForGood_failsClosed_andLogsTheCode_neverTheSdkMessage(String errorCode) {
        String sdkMessage = "Refused request with filter email = \\\"ada@example.com\\\" for this role";
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"" + errorCode + "\",\"message\":\"" + sdkMessage + "\"}")));
        RecordingMetrics metrics = new RecordingMetrics();

        try (LogCapture logs = LogCapture.start()) {
            Throwable thrown = catchThrowable(() -> invoke(handler(Map.of("FEDERATED_ACCOUNTS", "block",
                    "TRUSTED_EMAIL_PROVIDERS", "Google"), metrics),
                    ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")));

            assertThat(thrown).isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
            assertThat(logs.all()).contains(errorCode).contains("HTTP 400")
                    .doesNotContain("ada@example.com").doesNotContain("Refused request with filter");
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).as("what the Lambda runtime would print")
                    .doesNotContain("ada@example.com").doesNotContain("Refused request with filter");
        }
        wiremock.verify(0, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser")));
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    /**
     * The link refused because the function may not call AdminLinkProviderForUser (a missing IAM grant): a
     * configuration fault, not this user's, so the sign-up fails closed with the try-again sentence instead of
     * making a verified duplicate of the native user's email (review point 1). The SDK's message stays out of the
     * log and of the exception the runtime prints.
     */
    @Test
    void link_deniedByIam_failsClosed_andLogsTheCode_neverTheSdkMessage() {
        nativeUserExists();
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::1:assumed-role/fn "
                                + "is not authorized to perform: cognito-idp:AdminLinkProviderForUser for ada@example.com\"}")));
        RecordingMetrics metrics = new RecordingMetrics();

        try (LogCapture logs = LogCapture.start()) {
            Throwable thrown = catchThrowable(() -> invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link",
                    "TRUSTED_EMAIL_PROVIDERS", "Google"), metrics),
                    ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")));

            assertThat(thrown).isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
            assertThat(logs.all()).contains("AccessDeniedException").contains("HTTP 400")
                    .doesNotContain("ada@example.com").doesNotContain("is not authorized to perform");
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain("ada@example.com").doesNotContain("is not authorized to perform");
        }
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0).doesNotContainKey("SignUpsAllowed");
    }

    /** The native user already has five linked identities: this user signs up unlinked, with the email unverified. */
    @Test
    void link_refusedForThisUser_signsUpUnlinked_withTheEmailUnverified() throws Exception {
        nativeUserExists();
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AdminLinkProviderForUser"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"LimitExceededException\",\"message\":\"too many identities\"}")));
        RecordingMetrics metrics = new RecordingMetrics();

        JsonNode output = invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), metrics),
                ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json"));

        assertThat(output.at("/response/autoVerifyEmail").asBoolean()).isFalse();
        assertThat(metrics.last().counts()).containsEntry("FederatedLinksFailed", 1.0).containsEntry("Failures", 0.0);
    }

    private static void nativeUserExists() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUsers"))
                .willReturn(json("{\"Users\":[{\"Username\":\"ada.lovelace\",\"UserStatus\":\"CONFIRMED\","
                        + "\"Attributes\":[{\"Name\":\"email_verified\",\"Value\":\"true\"}]}]}")));
    }

    @Test
    void disposableSignUp_isRefused_withoutAnyApiCall() {
        assertThatThrownBy(() -> invoke(handler(Map.of("FEDERATED_ACCOUNTS", "link"), new RecordingMetrics()),
                ClasspathFiles.read("events/pre-sign-up/sign-up-disposable-email.json")))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(PreSignUpService.REFUSED);
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    private static PreSignUpHandler handler(Map<String, String> env, RecordingMetrics metrics) {
        return new PreSignUpHandler(new TriggerProcessor(PreSignUpHandler.FUNCTION, metrics, Clock.systemUTC()),
                new PreSignUpService(PreSignUpSettings.fromEnvironment(env), new CognitoUserPool(client),
                        Clock.systemUTC()));
    }

    private static JsonNode invoke(PreSignUpHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PreSignUpHandler.FUNCTION));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
