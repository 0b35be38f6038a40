package io.cognitosuite.testing;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates a work queue with its dead-letter queue and redrive policy, as the template does. */
public final class SqsQueues {
    /** Dead letters are kept for 14 days, the SQS maximum: longer than the source queue keeps messages. */
    static final String DEAD_LETTER_RETENTION_SECONDS = "1209600";

    private SqsQueues() {
    }

    /** A queue and its dead-letter queue. */
    public record QueuePair(String queueUrl, String deadLetterQueueUrl) {
    }

    /** Creates {@code name-dlq} and {@code name}, which moves a message there after {@code maxReceiveCount} receives. */
    public static QueuePair createWithDeadLetterQueue(SqsClient sqs, String name, int maxReceiveCount,
                                                      int visibilityTimeoutSeconds) {
        String dlqUrl = sqs.createQueue(CreateQueueRequest.builder().queueName(name + "-dlq")
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, DEAD_LETTER_RETENTION_SECONDS))
                .build()).queueUrl();
        String dlqArn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(CreateQueueRequest.builder().queueName(name)
                .attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))
                .build()).queueUrl();
        return new QueuePair(queueUrl, dlqUrl);
    }
}
