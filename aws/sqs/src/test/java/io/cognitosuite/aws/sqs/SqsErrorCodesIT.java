package io.cognitosuite.aws.sqs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the SQS adapters say about an error, with the real SDK client against WireMock speaking the SQS JSON protocol:
 * the error code when it is a plain word, else the exception's class, with the HTTP status; never the service's
 * message (it may quote the request) and never a code that is not a word (review points 7 and 10).
 */
class SqsErrorCodesIT {
    private static final QueueMessage MESSAGE = new QueueMessage("user.confirmed", 1,
            "{\"email\":\"ada@example.com\"}", "pool#sub-1", "sub-1");
    private static WireMockServer wiremock;
    private static SqsClient sqs;
    private String queueUrl;

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

    @BeforeEach
    void reset() {
        wiremock.resetAll();
        queueUrl = wiremock.baseUrl() + "/000000000000/q";
    }

    @Test
    void refusedMessage_namesTheCode_andCarriesNoSdkException() {
        answer("SendMessage", 400, "com.amazonaws.sqs#InvalidMessageContents", "Invalid characters in ada@example.com");

        Throwable thrown = catchThrowable(() -> new SqsWorkQueue(sqs, queueUrl)
                .send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())));

        assertThat(thrown).isInstanceOfSatisfying(MessageRejectedException.class,
                e -> assertThat(e.code()).isEqualTo("InvalidMessageContents"));
        assertThat(thrown).hasNoCause();
        assertThat(trace(thrown)).doesNotContain("ada@example.com").doesNotContain("Invalid characters");
    }

    @Test
    void queueFailure_withAnErrorCodeThatIsNotAWord_namesTheExceptionClassAndStatus() {
        answer("SendMessage", 403, "Denied for ada@example.com", "no");

        Throwable thrown = catchThrowable(() -> new SqsWorkQueue(sqs, queueUrl)
                .send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())));

        assertThat(thrown).isInstanceOf(QueueUnavailableException.class)
                .hasMessage("queue did not accept the message: SqsException (HTTP 403)");
    }

    @Test
    void queueFailure_answeredByTheService_carriesNoSdkException_whoseMessageCouldQuoteTheBody() {
        answer("SendMessage", 403, "com.amazonaws.sqs#AccessDenied", "Access to the queue denied for ada@example.com");

        Throwable thrown = catchThrowable(() -> new SqsWorkQueue(sqs, queueUrl)
                .send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())));

        assertThat(thrown).isInstanceOf(QueueUnavailableException.class)
                .hasMessage("queue did not accept the message: AccessDenied (HTTP 403)").hasNoCause();
        assertThat(trace(thrown)).doesNotContain("ada@example.com");
    }

    @Test
    void postponeFailure_withAnErrorCodeThatIsNotAWord_isLoggedAsTheExceptionClassAndStatus() {
        answer("ChangeMessageVisibilityBatch", 403, "Denied for ada@example.com", "no");

        try (LogCapture logs = LogCapture.start()) {
            new SqsRedelivery(sqs).postpone(List.of(new Postponement("m-1",
                    "arn:aws:sqs:eu-west-1:000000000000:q", "receipt-1", Duration.ofMinutes(5))), Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

            assertThat(logs.all()).contains("ChangeMessageVisibilityBatch failed (SqsException (HTTP 403))")
                    .doesNotContain("ada@example.com");
        }
    }

    private static void answer(String action, int status, String type, String message) {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo("AmazonSQS." + action))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
    }

    private static String trace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
