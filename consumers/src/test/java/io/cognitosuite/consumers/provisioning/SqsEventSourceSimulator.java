package io.cognitosuite.consumers.provisioning;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsEventRecords;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Does in a test what Lambda's SQS event source mapping does: receive a batch, invoke the handler
 * with it as an {@link SQSEvent} (receipt handles and the queue's ARN included), delete the messages not reported as batch item failures, and leave
 * the failed ones to reappear after the visibility timeout (and reach the dead-letter queue after the
 * redrive policy's receive count).
 */
final class SqsEventSourceSimulator {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;

    SqsEventSourceSimulator(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** What one poll did. */
    record Poll(List<Message> received, SQSBatchResponse response) {
        Set<String> failedIds() {
            return response == null ? Set.of() : response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        }
    }

    List<Message> receive(int batchSize, Duration wait) {
        return sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNamesWithStrings("All")
                .messageAttributeNames("All")
                .build()).messages();
    }

    Poll pollOnce(ProvisioningHandler handler, int batchSize, Duration wait) {
        List<Message> received = receive(batchSize, wait);
        if (received.isEmpty()) {
            return new Poll(received, null);
        }
        SQSBatchResponse response = handler.handleRequest(SqsEventRecords.fromMessages(received, queueArn),
                new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30)));
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message m : received) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(DeleteMessageRequest.builder().queueUrl(queueUrl).receiptHandle(m.receiptHandle()).build());
            }
        }
        return new Poll(received, response);
    }

    static SQSEvent toEvent(List<Message> messages) {
        return SqsEventRecords.fromMessages(messages);
    }
}
