package io.cognitosuite.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.SqsTestClients;
import io.cognitosuite.testing.StallingTcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

class SqsWorkQueueIT {
    private static final QueueMessage MESSAGE = new QueueMessage("user.confirmed", 1, "{\"hello\":\"queue\"}",
            "pool#sub-1", "sub-1");

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
    void send_deliversBodyWithTypeAndVersionAttributes() throws Exception {
        String url = sqs.createQueue(CreateQueueRequest.builder().queueName("send-attributes").build()).queueUrl();
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url);

        String id = queue.send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

        List<Message> received = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url)
                .messageAttributeNames("All").waitTimeSeconds(1).build()).messages();
        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.body()).isEqualTo(MESSAGE.body());
            assertThat(m.messageAttributes().get("type").stringValue()).isEqualTo("user.confirmed");
            assertThat(m.messageAttributes().get("version").stringValue()).isEqualTo("1");
            assertThat(m.messageAttributes().get("version").dataType()).isEqualTo("Number");
        });
    }

    @Test
    void send_toAFifoQueue_usesTheIdempotencyKeyForDeduplication() throws Exception {
        String url = sqs.createQueue(CreateQueueRequest.builder().queueName("dedup.fifo")
                .attributes(java.util.Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true"))
                .build()).queueUrl();
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url);

        queue.send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));
        queue.send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

        List<Message> received = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url)
                .maxNumberOfMessages(10).waitTimeSeconds(1).build()).messages();
        assertThat(received).hasSize(1);
    }

    @Test
    void send_toANonExistentQueue_failsAtOnceWithoutRetrying() {
        SqsWorkQueue queue = new SqsWorkQueue(sqs, local.server().endpoint() + "/000000000000/no-such-queue");

        assertThatThrownBy(() -> queue.send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOfSatisfying(QueueUnavailableException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    }

    @Test
    void send_whenNothingListens_retriesUntilTheDeadline_thenFails() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SqsClient unreachable = SqsTestClients.client(URI.create("http://127.0.0.1:" + closedPort))) {
            SqsWorkQueue queue = new SqsWorkQueue(unreachable, "http://127.0.0.1:" + closedPort + "/000000000000/q");
            Deadline deadline = Deadline.after(Duration.ofMillis(800), Clock.systemUTC());

            assertThatThrownBy(() -> queue.send(MESSAGE, deadline))
                    .isInstanceOfSatisfying(QueueUnavailableException.class,
                            e -> assertThat(e.attempts()).isGreaterThanOrEqualTo(2));
            // The deadline bounds the call (with slack for a slow machine), not a speed target.
            assertThat(Duration.between(deadline.instant(), Instant.now())).isLessThan(Duration.ofMillis(700));
        }
    }

    @Test
    void send_whenTheServerHangs_givesUpAtTheDeadline() throws Exception {
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!hanging.isClosed()) {
                        accepted.add(hanging.accept()); // accept and never answer
                    }
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + hanging.getLocalPort());
            try (SqsClient hung = SqsTestClients.client(endpoint)) {
                SqsWorkQueue queue = new SqsWorkQueue(hung, endpoint + "/000000000000/q");
                Deadline deadline = Deadline.after(Duration.ofMillis(700), Clock.systemUTC());

                assertThatThrownBy(() -> queue.send(MESSAGE, deadline)).isInstanceOf(QueueUnavailableException.class);
                assertThat(Duration.between(deadline.instant(), Instant.now())).isLessThan(Duration.ofMillis(700));
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void send_whenTheFirstConnectionStalls_retriesOnAFreshOne_withinTheBudget() throws Exception {
        String url = local.createQueue("stalled-first");
        try (StallingTcpProxy proxy = StallingTcpProxy.start(local.server().endpoint().getPort(), 1);
             SqsClient viaProxy = SqsTestClients.client(URI.create("http://127.0.0.1:" + proxy.port()))) {
            SqsWorkQueue queue = new SqsWorkQueue(viaProxy, url);

            String id = queue.send(MESSAGE, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

            assertThat(id).isNotBlank();
            assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
            assertThat(sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url).waitTimeSeconds(1).build()).messages())
                    .singleElement().satisfies(m -> assertThat(m.messageId()).isEqualTo(id));
        }
    }

    @Test
    void send_withNoTimeLeft_makesNoAttempt() {
        SqsWorkQueue queue = new SqsWorkQueue(sqs, local.server().endpoint() + "/000000000000/q");

        assertThatThrownBy(() -> queue.send(MESSAGE, Deadline.at(Instant.now().minusMillis(1), Clock.systemUTC())))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("deadline passed");
    }

    @Test
    void send_ofALoneSurrogate_isRefusedForGood_atTheFirstAttempt_andNothingIsQueued() {
        // The SDK sends the lone surrogate as it is; ElasticMQ refuses it (InvalidAttributeValue / InvalidMessageContents),
        // as SQS refuses characters outside its allowed set (InvalidMessageContents).
        String url = local.createQueue("lone-surrogate");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url);
        QueueMessage broken = new QueueMessage("user.confirmed", 1, "{\"username\":\"ada\uD800\"}", "pool#sub-1", "sub-1");
        long started = System.nanoTime();

        assertThatThrownBy(() -> queue.send(broken, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOfSatisfying(MessageRejectedException.class,
                        e -> assertThat(e.code()).isIn("InvalidAttributeValue", "InvalidMessageContents"));
        // Refused for good: one attempt, not two seconds of retries.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        // A short poll: the refusal came back before send returned, and ElasticMQ (one node) shows every visible message.
        assertThat(sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url).waitTimeSeconds(0).build()).messages())
                .isEmpty();
    }

    @Test
    void send_ofAOneMegabyteBody_isRefusedForGood_atTheFirstAttempt() {
        String url = local.createQueue("too-long");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url);
        QueueMessage huge = new QueueMessage("user.confirmed", 1, "{\"username\":\"" + "u".repeat(1024 * 1024) + "\"}",
                "pool#sub-1", "sub-1");
        long started = System.nanoTime();

        assertThatThrownBy(() -> queue.send(huge, Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOf(MessageRejectedException.class)
                .hasMessageNotContaining("uuuu");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }
}
