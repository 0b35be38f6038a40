package io.cognitosuite.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

class SqsRedeliveryTest {
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:q";

    /** Records the requests it is sent and answers each with no failed entry. */
    private static final class RecordingSqs implements SqsClient {
        final List<ChangeMessageVisibilityBatchRequest> sent = new ArrayList<>();

        @Override
        public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest r) {
            sent.add(r);
            return ChangeMessageVisibilityBatchResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void postpone_setsNoCallTimeout_whenTheDeadlineIsNone() {
        RecordingSqs sqs = new RecordingSqs();

        var notPostponed = new SqsRedelivery(sqs).postpone(
                List.of(new Postponement("m-1", QUEUE_ARN, "receipt-1", Duration.ofSeconds(30))),
                Deadline.none(Clock.systemUTC()));

        assertThat(notPostponed).isEmpty();
        assertThat(sqs.sent).singleElement().satisfies(r -> assertThat(
                r.overrideConfiguration().orElseThrow().apiCallTimeout()).isEmpty());
    }

    @Test
    void postpone_setsTheTimeLeftAsCallTimeout_whenTheDeadlineIsBounded() {
        RecordingSqs sqs = new RecordingSqs();

        new SqsRedelivery(sqs).postpone(List.of(new Postponement("m-1", QUEUE_ARN, "receipt-1", Duration.ofSeconds(30))),
                Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));

        assertThat(sqs.sent).singleElement().satisfies(r -> assertThat(
                r.overrideConfiguration().orElseThrow().apiCallTimeout().orElseThrow())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }
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
