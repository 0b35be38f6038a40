package io.cognitosuite.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

class AwsErrorCodeTest {

    @Test
    void plainCode_isNamedWithTheStatus_neverWithTheMessage() {
        AwsServiceException e = service("AccessDeniedException", 400, "User ada@example.com is not authorized");

        assertThat(AwsErrorCode.of(e)).isEqualTo("AccessDeniedException");
        assertThat(AwsErrorCode.withStatus(e)).isEqualTo("AccessDeniedException (HTTP 400)");
    }

    @Test
    void codeThatIsNotAPlainWord_isReplacedByTheExceptionClass() {
        assertThat(AwsErrorCode.withStatus(service("Denied for ada@example.com", 403, "no"))).isEqualTo("SqsException (HTTP 403)");
        assertThat(AwsErrorCode.of(service("x".repeat(101), 400, "no"))).isEqualTo("SqsException");
        assertThat(AwsErrorCode.of(service(null, 500, "no"))).isEqualTo("SqsException");
    }

    @Test
    void noAnswerFromTheService_isNamedByTheExceptionClassOnly() {
        SdkClientException e = SdkClientException.create("Unable to connect to https://sqs.example/ada@example.com");

        assertThat(AwsErrorCode.of(e)).isEqualTo("SdkClientException");
        assertThat(AwsErrorCode.withStatus(e)).isEqualTo("SdkClientException");
    }

    private static AwsServiceException service(String code, int status, String message) {
        return SqsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
