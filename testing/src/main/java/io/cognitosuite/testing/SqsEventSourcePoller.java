package io.cognitosuite.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * moves them to the dead-letter queue. A function that throws, or reports an item the batch does not hold, fails the
 * whole batch. The one copy of this behaviour: the local stack polls with it, and the consumers' tests drive their
 * handlers with it.
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);
    /** How long a background poll waits for messages (the template's {@code MaximumBatchingWindowInSeconds}). */
    private static final Duration POLL_WAIT = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final int batchSize;
    private final BiFunction<SQSEvent, Context, SQSBatchResponse> consumer;
    private final String functionName;
    private final Duration functionTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String queueArn;
    private Thread thread;

    /** What one poll did: the messages received, and those that stay on the queue for redelivery. */
    public record Poll(List<Message> received, Set<String> failedIds) {
        static final Poll NOTHING = new Poll(List.of(), Set.of());
    }

    /**
     * @param functionName    the name the consumer's context carries
     * @param functionTimeout the consumer's time per batch (its context's remaining time); like Lambda, keep it at
     *                        or below the queue's visibility timeout when a batch may take that long, so receipt
     *                        handles are still valid when it ends, and long enough for the consumer's reserve
     */
    public SqsEventSourcePoller(SqsClient sqs, String queueUrl, int batchSize, String functionName,
                                Duration functionTimeout, BiFunction<SQSEvent, Context, SQSBatchResponse> consumer) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.batchSize = batchSize;
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.functionTimeout = Objects.requireNonNull(functionTimeout, "functionTimeout");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Polls in a background thread until closed. */
    public SqsEventSourcePoller start() {
        running.set(true);
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    pollOnce(POLL_WAIT);
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

    /** One receive-invoke-delete round. */
    public Poll pollOnce(Duration wait) {
        List<Message> messages = receive(sqs, queueUrl, batchSize, wait);
        if (messages.isEmpty()) {
            return Poll.NOTHING;
        }
        Set<String> received = messages.stream().map(Message::messageId).collect(Collectors.toUnmodifiableSet());
        Set<String> failed;
        try {
            SQSBatchResponse response = consumer.apply(SqsEventRecords.fromMessages(messages, queueArn()),
                    new FakeLambdaContext(functionName, functionTimeout));
            failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                    : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.warn("consumer threw; the whole batch of {} will be redelivered: {}", messages.size(), e.toString());
            return new Poll(messages, received);
        }
        if (!received.containsAll(failed)) {
            // As Lambda does: a failure naming no message of the batch (blank or unknown id) fails the whole batch.
            LOG.warn("consumer reported an unknown item identifier; the whole batch of {} will be redelivered", messages.size());
            return new Poll(messages, received);
        }
        List<DeleteMessageBatchRequestEntry> deletes = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(deletes).build());
        }
        return new Poll(messages, Set.copyOf(failed));
    }

    /** Receives up to {@code max} messages with every attribute, as the event source mapping asks for them. */
    public static List<Message> receive(SqsClient sqs, String queueUrl, int max, Duration wait) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(max).waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNamesWithStrings("All").messageAttributeNames("All").build()).messages();
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
