package io.cognitosuite.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.SqsException;

class AwsFailuresTest {

    @Test
    void throttlingServerErrorsAndNoAnswer_areTransient() {
        assertThat(AwsFailures.isTransient(service(400, "ThrottlingException"))).isTrue();
        assertThat(AwsFailures.isTransient(service(400, "TooManyRequestsException"))).isTrue();
        assertThat(AwsFailures.isTransient(service(429, "SlowDownPlease"))).isTrue();
        assertThat(AwsFailures.isTransient(service(500, "InternalFailure"))).isTrue();
        assertThat(AwsFailures.isTransient(service(503, "ServiceUnavailable"))).isTrue();
        assertThat(AwsFailures.isTransient(service(0, "NoStatus"))).isTrue();
        assertThat(AwsFailures.isTransient(SdkClientException.create("Unable to execute HTTP request: Read timed out",
                new SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(AwsFailures.isTransient(ApiCallAttemptTimeoutException.create(700))).isTrue();
        assertThat(AwsFailures.isTransient(RetryableException.create("the SDK says retryable"))).isTrue();
    }

    @Test
    void refusalsOfTheCallOrTheRequest_andAnythingElse_areNotTransient() {
        assertThat(AwsFailures.isTransient(service(400, "AccessDeniedException"))).isFalse();
        assertThat(AwsFailures.isTransient(service(400, "AWS.SimpleQueueService.NonExistentQueue"))).isFalse();
        assertThat(AwsFailures.isTransient(service(400, "InvalidMessageContents"))).isFalse();
        assertThat(AwsFailures.isTransient(SdkException.create("not a client failure", null))).isFalse();
    }

    @Test
    void clientFaultsThatAreNoIoFailure_areNotTransient() {
        assertThat(AwsFailures.isTransient(SdkClientException.create("Unable to load credentials from any provider")))
                .isFalse();
        assertThat(AwsFailures.isTransient(SdkClientException.create("Unable to marshall request to JSON",
                new IllegalArgumentException("bad value")))).isFalse();
        assertThat(AwsFailures.isTransient(NonRetryableException.create("marked so by the SDK"))).isFalse();
    }

    @Test
    void serviceErrorsWithoutErrorDetails_dependOnTheStatus() {
        // The Cognito adapter (CognitoUserPool) used to call every such error transient; now the status decides.
        assertThat(AwsFailures.isTransient(AwsServiceException.builder().statusCode(400).build()))
                .isFalse();
        assertThat(AwsFailures.isTransient(AwsServiceException.builder().statusCode(503).build()))
                .isTrue();
        assertThat(AwsFailures.isTransient(AwsServiceException.builder().statusCode(0).build())).isTrue();
        assertThat(AwsFailures.isTransient(new IllegalStateException("not an SDK failure"))).isFalse();
    }

    private static AwsServiceException service(int status, String code) {
        return SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }
}
