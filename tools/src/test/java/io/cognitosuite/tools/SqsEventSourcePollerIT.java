package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.aws.sqs.SqsRedelivery;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.SqsEventSourcePoller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The event-source poller on ElasticMQ: partial batch failures come back; poison moves to the DLQ after the receive count. */
class SqsEventSourcePollerIT {
    private static final int MAX_RECEIVE_COUNT = 3;
    private static LocalSuite suite;

    @BeforeAll
    static void start() {
        suite = LocalSuite.start(new LocalSuite.Options(1, MAX_RECEIVE_COUNT), Map.of(), LocalSuite.Progress.silent());
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    void records_carryTheReceiptHandleAndTheQueuesArn_soTheConsumerCanPostponeTheirNextDelivery() {
        send("postpone-me");
        String queueArn = suite.sqs().getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(suite.queueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
        SqsRedelivery redelivery = new SqsRedelivery(suite.sqs());
        List<SQSEvent.SQSMessage> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, java.util.Set<String>> notPostponed = new ConcurrentHashMap<>();
        SqsEventSourcePoller poller = new SqsEventSourcePoller(suite.sqs(), suite.queueUrl(), LocalSuite.EVENT_SOURCE_BATCH_SIZE,
                LocalSuite.USER_PROVISIONING, suite.visibilityTimeout(), (event, context) -> {
            SQSBatchResponse response = SQSBatchResponse.builder().withBatchItemFailures(new java.util.ArrayList<>()).build();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                delivered.add(m);
                notPostponed.put(m.getMessageId(), redelivery.postpone(List.of(new Postponement(m.getMessageId(),
                        m.getEventSourceArn(), m.getReceiptHandle(), Duration.ZERO)),
                        Deadline.after(Duration.ofSeconds(2), java.time.Clock.systemUTC())));
            }
            return response;
        });

        pollUntil(poller, () -> !delivered.isEmpty());

        assertThat(delivered).singleElement().satisfies(m -> {
            assertThat(m.getEventSourceArn()).isEqualTo(queueArn);
            assertThat(m.getReceiptHandle()).isNotBlank();
            assertThat(m.getEventSource()).isEqualTo("aws:sqs");
            assertThat(notPostponed.get(m.getMessageId())).as("ChangeMessageVisibility accepted the record's handle").isEmpty();
        });
    }

    @Test
    void failedItemIsRedelivered_untilItSucceeds_whileTheOthersAreDeletedAtOnce() {
        int deadLettersBefore = queueDepth(suite.deadLetterQueueUrl());
        send("flaky");
        send("fine");
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        SqsEventSourcePoller poller = new SqsEventSourcePoller(suite.sqs(), suite.queueUrl(), LocalSuite.EVENT_SOURCE_BATCH_SIZE,
                LocalSuite.USER_PROVISIONING, suite.visibilityTimeout(), (event, context) -> {
            SQSBatchResponse response = SQSBatchResponse.builder().withBatchItemFailures(new java.util.ArrayList<>()).build();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                int times = seen.computeIfAbsent(m.getBody(), b -> new AtomicInteger()).incrementAndGet();
                if (m.getBody().equals("flaky") && times < 2) {
                    response.getBatchItemFailures().add(SQSBatchResponse.BatchItemFailure.builder()
                            .withItemIdentifier(m.getMessageId()).build());
                }
            }
            return response;
        });

        pollUntil(poller, () -> seen.containsKey("flaky") && seen.get("flaky").get() >= 2);

        assertThat(seen.get("fine").get()).as("a success is deleted, never redelivered").isEqualTo(1);
        assertThat(seen.get("flaky").get()).isEqualTo(2);
        assertThat(queueDepth(suite.queueUrl())).isZero();
        assertThat(queueDepth(suite.deadLetterQueueUrl())).isEqualTo(deadLettersBefore);
    }

    @Test
    void poisonMessage_reachesTheDeadLetterQueue_afterExactlyTheReceiveCount() {
        int deadLettersBefore = queueDepth(suite.deadLetterQueueUrl());
        send("{not json");
        AtomicInteger deliveries = new AtomicInteger();
        SqsEventSourcePoller poller = new SqsEventSourcePoller(suite.sqs(), suite.queueUrl(), LocalSuite.EVENT_SOURCE_BATCH_SIZE,
                LocalSuite.USER_PROVISIONING, suite.visibilityTimeout(), (event, context) -> {
            deliveries.addAndGet(event.getRecords().size());
            return suite.consume(event, context);
        });

        pollUntil(poller, () -> queueDepth(suite.deadLetterQueueUrl()) == deadLettersBefore + 1);

        assertThat(deliveries.get()).isEqualTo(MAX_RECEIVE_COUNT);
        List<software.amazon.awssdk.services.sqs.model.Message> dead = suite.sqs().receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(suite.deadLetterQueueUrl()).maxNumberOfMessages(10).build()).messages();
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{not json"));
    }

    private static void send(String body) {
        suite.sqs().sendMessage(SendMessageRequest.builder().queueUrl(suite.queueUrl()).messageBody(body).build());
    }

    private static void pollUntil(SqsEventSourcePoller poller, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached within 30 s").isLessThan(deadline);
            poller.pollOnce(Duration.ofSeconds(1));
        }
    }

    private static int queueDepth(String url) {
        Map<QueueAttributeName, String> a = suite.sqs().getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build()).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
