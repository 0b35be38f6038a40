package io.cognitosuite.triggers.postconfirmation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.aws.sqs.SqsWorkQueue;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.SqsTestClients;
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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Post-confirmation when SQS refuses the message for what it holds, with the real SDK client against WireMock speaking
 * the SQS JSON protocol. The service's message may quote what it refused (the body holds the whole email): it must
 * not reach the log nor the failure the Lambda runtime prints with all its causes (review point 7).
 */
class PostConfirmationQueueRefusalIT {
    private static final String SDK_MESSAGE = "Invalid characters found in the message body near ada@example.com";
    private static WireMockServer wiremock;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        sqs = SqsTestClients.client(URI.create(wiremock.baseUrl()));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        wiremock.stop();
    }

    @Test
    void messageRefusedForGood_failsAsInvalid_andNoCauseCarriesTheSdkMessageOrTheBody() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AmazonSQS.SendMessage"))
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withHeader("x-amzn-query-error", "InvalidMessageContents;Sender")
                        .withBody("{\"__type\":\"com.amazonaws.sqs#InvalidMessageContents\",\"message\":\"" + SDK_MESSAGE + "\"}")));
        RecordingMetrics metrics = new RecordingMetrics();
        PostConfirmationHandler handler = new PostConfirmationHandler(
                new TriggerProcessor(PostConfirmationHandler.FUNCTION, metrics, Clock.systemUTC()),
                new PostConfirmationService(new SqsWorkQueue(sqs, wiremock.baseUrl() + "/000000000000/user-confirmed"),
                        Duration.ofSeconds(2), Clock.systemUTC()));

        try (LogCapture logs = LogCapture.start()) {
            Throwable thrown = catchThrowable(() -> invoke(handler, ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")));

            assertThat(thrown).isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.INVALID_REQUEST);
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).as("the failure with every cause, as the Lambda runtime prints it")
                    .contains("InvalidMessageContents")
                    .doesNotContain("Invalid characters found").doesNotContain("ada@example.com");
            assertThat(logs.all()).contains("InvalidMessageContents")
                    .doesNotContain("Invalid characters found").doesNotContain("ada@example.com");
        }
        assertThat(metrics.last().counts()).containsEntry("Failures", 1.0);
    }

    private static void invoke(PostConfirmationHandler handler, String event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                FakeLambdaContext.cognitoTrigger(PostConfirmationHandler.FUNCTION));
    }
}
