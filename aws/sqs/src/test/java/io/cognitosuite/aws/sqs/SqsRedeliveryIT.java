package io.cognitosuite.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.LocalSqs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** ChangeMessageVisibilityBatch on ElasticMQ through the real SDK client, addressed by the event's queue ARN. */
class SqsRedeliveryIT {
    private static LocalSqs local;
    private static SqsClient sqs;
    private final SqsRedelivery redelivery = new SqsRedelivery(sqs);

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
    void postponedMessage_staysHiddenForItsDelay_notForTheQueuesVisibilityTimeout() throws Exception {
        String url = queue("postpone-delay");
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(url).messageBody("m").build());
        Message received = receiveOne(url);

        Set<String> notPostponed = redelivery.postpone(List.of(new Postponement(received.messageId(), arn(url),
                received.receiptHandle(), Duration.ofSeconds(4))), Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));

        assertThat(notPostponed).isEmpty();
        Thread.sleep(2000);
        assertThat(receive(url, 0)).as("hidden past the queue's 1 s visibility timeout").isEmpty();
        assertThat(receiveWithin(url, Duration.ofSeconds(8))).as("visible again after the delay").singleElement()
                .satisfies(m -> assertThat(m.messageId()).isEqualTo(received.messageId()));
    }

    @Test
    void unknownReceiptHandle_orSourceThatIsNoQueueArn_orNoTimeLeft_isReportedNotPostponed_withoutThrowing() {
        String url = queue("postpone-refused");
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(url).messageBody("m").build());
        Message received = receiveOne(url);

        Set<String> refused = redelivery.postpone(List.of(
                new Postponement("good", arn(url), received.receiptHandle(), Duration.ofSeconds(1)),
                new Postponement("stale", arn(url), "not-a-receipt-handle", Duration.ofSeconds(1)),
                new Postponement("elsewhere", "https://example.com/not-an-arn", "x", Duration.ofSeconds(1))),
                Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));
        Set<String> late = redelivery.postpone(List.of(
                new Postponement("late", arn(url), received.receiptHandle(), Duration.ofSeconds(1))), Deadline.at(Instant.now(), Clock.systemUTC()));

        assertThat(refused).containsExactlyInAnyOrder("stale", "elsewhere");
        assertThat(late).containsExactly("late");
    }

    private static String queue(String name) {
        return sqs.createQueue(CreateQueueRequest.builder().queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")).build()).queueUrl();
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static Message receiveOne(String url) {
        List<Message> messages = receiveWithin(url, Duration.ofSeconds(5));
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** Long polls of 1 s (the test client's read timeout is shorter than SQS's longest wait) until something comes. */
    private static List<Message> receiveWithin(String url, Duration limit) {
        long giveUp = System.nanoTime() + limit.toNanos();
        List<Message> messages = List.of();
        while (messages.isEmpty() && System.nanoTime() < giveUp) {
            messages = receive(url, 1);
        }
        return messages;
    }

    private static List<Message> receive(String url, int waitSeconds) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url).waitTimeSeconds(waitSeconds).build())
                .messages();
    }
}
