package io.cognitosuite.triggers.postconfirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.sqs.SqsWorkQueue;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** The handler as Lambda runs it (bytes in, bytes out), publishing to ElasticMQ through the real SDK. */
class PostConfirmationHandlerIT {
    private static LocalSqs local;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void confirmSignUp_sendsUserConfirmed_andAnswersWithTheEvent() throws Exception {
        String url = queue("confirm-sign-up");
        RecordingMetrics metrics = new RecordingMetrics();
        String event = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");

        String response = invoke(handler(url, sqs, metrics), event);

        assertThat(Json.parse(response)).isEqualTo(Json.parse(event));
        List<Message> messages = receiveAll(url);
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.messageAttributes().get("type").stringValue()).isEqualTo("user.confirmed");
            assertThat(m.messageAttributes().get("version").stringValue()).isEqualTo("1");
            assertThat(UserConfirmedMessage.fromJson(m.body()).sub()).isEqualTo("7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b");
        });
        assertThat(metrics.last().counts()).containsEntry("Invocations", 1.0).containsEntry("Failures", 0.0);
    }

    @Test
    void confirmForgotPassword_sendsNothing() throws Exception {
        String url = queue("forgot-password");
        String event = ClasspathFiles.read("events/post-confirmation/confirm-forgot-password.json");

        String response = invoke(handler(url, sqs, new RecordingMetrics()), event);

        assertThat(Json.parse(response)).isEqualTo(Json.parse(event));
        assertThat(receiveAll(url)).isEmpty();
    }

    @Test
    void federatedUser_sendsUserConfirmedWithProvider() throws Exception {
        String url = queue("federated");

        invoke(handler(url, sqs, new RecordingMetrics()), ClasspathFiles.read("events/post-confirmation/federated-google.json"));

        assertThat(receiveAll(url)).singleElement()
                .satisfies(m -> assertThat(UserConfirmedMessage.fromJson(m.body()).identityProvider()).isEqualTo("Google"));
    }

    @Test
    void queueUnreachable_failsTheSignUpWithTheFixedSentence_andLogsNoEmail() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        RecordingMetrics metrics = new RecordingMetrics();
        try (SqsClient unreachable = SqsTestClients.client(nowhere); LogCapture logs = LogCapture.start()) {
            PostConfirmationHandler handler = handler(nowhere + "/000000000000/user-confirmed", unreachable, metrics);

            assertThatThrownBy(() -> invoke(handler, ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")))
                    .isInstanceOf(TriggerFailedException.class)
                    .hasMessage(TriggerFailedException.TRY_AGAIN);

            assertThat(logs.all()).contains("could not publish user.confirmed")
                    .contains("7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b")
                    .doesNotContain("ada@example.com");
        }
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    @Test
    void successLog_masksTheEmail() throws Exception {
        String url = queue("masked");
        try (LogCapture logs = LogCapture.start()) {
            invoke(handler(url, sqs, new RecordingMetrics()), ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"));

            assertThat(logs.all()).contains("a***@example.com").doesNotContain("ada@example.com");
        }
    }

    private static final String SUB = "\"sub\": \"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\"";
    private static final String USER_NAME = "\"userName\": \"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\"";
    private static final String EMAIL = "\"email\": \"ada@example.com\"";

    /** Events as Cognito's JSON could carry them; a lone surrogate can only arrive as a JSON escape. */
    static Stream<Arguments> eventsTheConsumerWouldRefuse() {
        return Stream.of(
                Arguments.of("sub of 129 characters", SUB, "\"sub\": \"" + "s".repeat(129) + "\""),
                Arguments.of("sub as an object", SUB, "\"sub\": {\"leak\": \"object-sub\"}"),
                Arguments.of("email as a number", EMAIL, "\"email\": 12345"),
                Arguments.of("username of 200 KB", USER_NAME, "\"userName\": \"" + "u".repeat(200 * 1024) + "\""),
                Arguments.of("email attribute of 1 MB", EMAIL, "\"email\": \"leak" + "e".repeat(1024 * 1024) + "@example.com\""),
                Arguments.of("username with a lone surrogate", USER_NAME, "\"userName\": \"leak\\ud800\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsTheConsumerWouldRefuse")
    void valueTheConsumerWouldRefuse_failsTheTriggerAsInvalid_andNothingIsQueued(String name, String original,
                                                                                String replacement) throws Exception {
        String url = queue("refused-" + Integer.toHexString(name.hashCode()));
        RecordingMetrics metrics = new RecordingMetrics();
        String event = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");
        assertThat(event).contains(original);
        String bad = event.replace(original, replacement);

        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> invoke(handler(url, sqs, metrics), bad))
                    .isInstanceOf(TriggerFailedException.class)
                    .hasMessage(TriggerFailedException.INVALID_REQUEST);

            assertThat(logs.all()).contains("rejected a malformed event").doesNotContain("leak").doesNotContain("sssss")
                    .doesNotContain("uuuuu");
        }
        assertThat(receiveAll(url)).isEmpty();
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    @Test
    void valuesExactlyAtTheirBounds_arePublished_andReadByTheConsumer() throws Exception {
        String url = queue("at-bounds");
        String sub = "s".repeat(128);
        String email = "e".repeat(254 - "@example.com".length()) + "@example.com";
        String event = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .replace(SUB, "\"sub\": \"" + sub + "\"")
                .replace(USER_NAME, "\"userName\": \"" + "u".repeat(128) + "\"")
                .replace(EMAIL, "\"email\": \"" + email + "\"");

        invoke(handler(url, sqs, new RecordingMetrics()), event);

        assertThat(receiveAll(url)).singleElement().satisfies(m -> {
            UserConfirmed user = UserConfirmedMessage.fromJson(m.body());
            assertThat(user.sub()).isEqualTo(sub);
            assertThat(user.username()).hasSize(128);
            assertThat(user.email()).isEqualTo(email);
        });
    }

    private static PostConfirmationHandler handler(String queueUrl, SqsClient client, RecordingMetrics metrics) {
        return new PostConfirmationHandler(
                new TriggerProcessor(PostConfirmationHandler.FUNCTION, metrics, Clock.systemUTC()),
                new PostConfirmationService(new SqsWorkQueue(client, queueUrl), Duration.ofSeconds(2), Clock.systemUTC()));
    }

    private static String invoke(PostConfirmationHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                FakeLambdaContext.cognitoTrigger(PostConfirmationHandler.FUNCTION));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String queue(String name) {
        return sqs.createQueue(CreateQueueRequest.builder().queueName(name).build()).queueUrl();
    }

    /**
     * What the queue holds now. A short poll is enough: the trigger publishes before it returns, and ElasticMQ, one
     * node, answers a short poll with every visible message (SQS samples servers; ElasticMQ does not).
     */
    private static List<Message> receiveAll(String url) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url).maxNumberOfMessages(10)
                .messageAttributeNames("All").waitTimeSeconds(0).build()).messages();
    }
}
