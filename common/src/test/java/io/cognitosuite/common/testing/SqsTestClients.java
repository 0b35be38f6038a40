package io.cognitosuite.common.testing;

import io.cognitosuite.common.sqs.AwsClients;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Real SDK clients pointed at a local SQS-compatible server, as production builds them but for the endpoint. */
public final class SqsTestClients {
    private SqsTestClients() {
    }

    public static SqsClient client(URI endpoint) {
        return AwsClients.sqsBuilder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** Creates a queue and its dead-letter queue with the given redrive policy; returns the queue URL. */
    public static QueuePair createWithDeadLetterQueue(SqsClient sqs, String name, int maxReceiveCount,
                                                      int visibilityTimeoutSeconds) {
        String dlqUrl = sqs.createQueue(CreateQueueRequest.builder().queueName(name + "-dlq").build()).queueUrl();
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

    /** A queue and its dead-letter queue. */
    public record QueuePair(String queueUrl, String deadLetterQueueUrl) {
    }
}
