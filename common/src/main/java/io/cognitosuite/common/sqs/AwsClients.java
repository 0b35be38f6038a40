package io.cognitosuite.common.sqs;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds AWS clients the one way the suite uses: the lightweight URL-connection HTTP client (the
 * Apache and Netty clients are excluded from the build), region and credentials from the default
 * providers ({@code AWS_REGION} in Lambda), and the endpoint from {@code AWS_ENDPOINT_URL_SQS} when
 * that variable is set, which the SDK reads itself. The SDK's own retries are off: callers retry
 * within their deadline (see {@link SqsWorkQueue}).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static SqsClient sqs() {
        return sqsBuilder().build();
    }

    /** The configured builder, for callers that must add an endpoint or credentials (the local stack, tests). */
    public static SqsClientBuilder sqsBuilder() {
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(500))
                        .socketTimeout(Duration.ofSeconds(2))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
}
