package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.testing.FakeLambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Feeds a queue to a consumer the way Lambda's SQS event source mapping does: long-poll a batch,
 * invoke the function with it (each record with its receipt handle and the queue's ARN as {@code eventSourceARN},
 * so the consumer can postpone a message's next delivery), delete the messages not reported in {@code batchItemFailures}, and
 * leave the failed ones to reappear after the visibility timeout, until the queue's redrive policy
 * moves them to the dead-letter queue. A function that throws fails the whole batch.
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final int batchSize;
    private final BiFunction<SQSEvent, com.amazonaws.services.lambda.runtime.Context, SQSBatchResponse> consumer;
    private final Duration functionTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong batches = new AtomicLong();
    private volatile String queueArn;
    private Thread thread;

    /**
     * @param functionTimeout the consumer's time per batch (its context's remaining time); like Lambda, keep it at
     *                        or below the queue's visibility timeout when a batch may take that long, so receipt
     *                        handles are still valid when it ends, and long enough for the consumer's reserve
     *                        (see {@link LocalSuite#consumerTimeout()})
     */
    public SqsEventSourcePoller(SqsClient sqs, String queueUrl, int batchSize, Duration functionTimeout,
                                BiFunction<SQSEvent, com.amazonaws.services.lambda.runtime.Context, SQSBatchResponse> consumer) {
        this.functionTimeout = Objects.requireNonNull(functionTimeout, "functionTimeout");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.batchSize = batchSize;
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Polls in a background thread until closed. */
    public SqsEventSourcePoller start() {
        running.set(true);
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    pollOnce(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    if (running.get()) {
                        LOG.warn("poll failed: {}", e.toString());
                        sleep(500);
                    }
                }
            }
        }, "sqs-event-source");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** One receive-invoke-delete round; returns how many messages were received. */
    public int pollOnce(Duration wait) {
        List<Message> messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize).waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNamesWithStrings("All").messageAttributeNames("All").build()).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        batches.incrementAndGet();
        Set<String> failed;
        try {
            SQSBatchResponse response = consumer.apply(SqsEvents.fromMessages(messages, queueArn()),
                    new FakeLambdaContext("UserProvisioning", functionTimeout));
            failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                    : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.warn("consumer threw; the whole batch of {} will be redelivered: {}", messages.size(), e.toString());
            return messages.size();
        }
        Set<String> received = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        if (!received.containsAll(failed)) {
            // As Lambda does: a failure naming no message of the batch (blank or unknown id) fails the whole batch.
            LOG.warn("consumer reported an unknown item identifier; the whole batch of {} will be redelivered", messages.size());
            return messages.size();
        }
        List<DeleteMessageBatchRequestEntry> deletes = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(deletes).build());
        }
        return messages.size();
    }

    /**
     * The queue's ARN, which Lambda passes as each record's {@code eventSourceARN} (with its receipt handle), so the
     * consumer can change a message's visibility; asked once, on the first batch.
     */
    private String queueArn() {
        String arn = queueArn;
        if (arn == null) {
            arn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
            queueArn = arn;
        }
        return arn;
    }

    public long batches() {
        return batches.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
