package io.cognitosuite.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Builds AWS clients the one way the suite uses, whatever the service: the lightweight URL-connection HTTP client
 * (the Apache and Netty clients are excluded from the build), region and credentials from the default providers
 * ({@code AWS_REGION} in Lambda), and the endpoint from the SDK's own {@code AWS_ENDPOINT_URL_<SERVICE>} variables
 * when they are set ({@code AWS_ENDPOINT_URL_SQS}, {@code …_EVENTBRIDGE}, {@code …_COGNITO_IDENTITY_PROVIDER}), which
 * the SDK reads itself: no {@code if (local)} anywhere. The SDK's own retries are off: callers retry within their
 * deadline ({@link DeadlineRetry}).
 *
 * <p>This module depends on no service: each adapter module brings the one SDK service it calls, so an artifact
 * leaves out the services its functions never call.
 */
public final class AwsClients {
    /** The longest wait for a TCP connection to an AWS endpoint. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    /** The longest wait for bytes of an answer; deadlines shorter than this are enforced by the callers. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

    private AwsClients() {
    }

    /**
     * The one configuration every client of the suite gets, applied to a service's builder, e.g.
     * {@code AwsClients.configured(SqsClient.builder()).build()}. Callers that must add an endpoint or credentials
     * (the local stack, tests) add them to the builder returned.
     */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder) {
        return builder
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECTION_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
}
