package io.cognitosuite.common.sqs;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds AWS clients the one way the suite uses: the lightweight URL-connection HTTP client (the
 * Apache and Netty clients are excluded from the build), region and credentials from the default
 * providers ({@code AWS_REGION} in Lambda), and the endpoint from {@code AWS_ENDPOINT_URL_SQS} when
 * that variable is set, which the SDK reads itself. The SDK's own retries are off: callers retry
 * within their deadline (see {@link SqsWorkQueue}). EventBridge clients are built the same way, their
 * endpoint redirected by {@code AWS_ENDPOINT_URL_EVENTBRIDGE}.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static SqsClient sqs() {
        return sqsBuilder().build();
    }

    /** The configured builder, for callers that must add an endpoint or credentials (the local stack, tests). */
    public static SqsClientBuilder sqsBuilder() {
        return configured(SqsClient.builder());
    }

    public static CognitoIdentityProviderClient cognito() {
        return cognitoBuilder().build();
    }

    /** The Cognito user pool API client builder, configured as {@link #sqsBuilder()} is. */
    public static CognitoIdentityProviderClientBuilder cognitoBuilder() {
        return configured(CognitoIdentityProviderClient.builder());
    }

    public static EventBridgeClient eventBridge() {
        return eventBridgeBuilder().build();
    }

    /** The EventBridge client builder, configured as {@link #sqsBuilder()} is. */
    public static EventBridgeClientBuilder eventBridgeBuilder() {
        return configured(EventBridgeClient.builder());
    }

    /** The one configuration every client of the suite gets: URL-connection HTTP client, SDK retries off. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder) {
        return builder
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(500))
                        .socketTimeout(Duration.ofSeconds(2))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
}
