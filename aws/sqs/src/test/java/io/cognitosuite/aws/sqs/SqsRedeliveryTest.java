package io.cognitosuite.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqsRedeliveryTest {
    @Test
    void queueUrl_isBuiltFromTheEventSourceArn_asSqsDocumentsIt() {
        assertThat(SqsRedelivery.queueUrl("arn:aws:sqs:eu-west-1:123456789012:cognito-suite-prod-user-confirmed"))
                .hasValue("https://sqs.eu-west-1.amazonaws.com/123456789012/cognito-suite-prod-user-confirmed");
        assertThat(SqsRedelivery.queueUrl("arn:aws-cn:sqs:cn-north-1:123456789012:q.fifo"))
                .hasValue("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q.fifo");
    }

    @Test
    void queueUrl_isEmpty_forWhatIsNoSqsQueueArn() {
        assertThat(SqsRedelivery.queueUrl("arn:aws:sns:eu-west-1:123456789012:topic")).isEmpty();
        assertThat(SqsRedelivery.queueUrl("arn:aws:sqs:eu-west-1:123456789012:a/../b")).isEmpty();
        assertThat(SqsRedelivery.queueUrl("")).isEmpty();
    }
}
