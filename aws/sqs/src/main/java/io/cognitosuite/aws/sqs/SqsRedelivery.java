package io.cognitosuite.aws.sqs;

import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.port.Redelivery;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * {@link Redelivery} on Amazon SQS: {@code ChangeMessageVisibilityBatch} (IAM action
 * {@code sqs:ChangeMessageVisibility}) on the queue the delivery came from, up to 10 messages per call. The
 * queue URL is built from the event's {@code eventSourceARN} ({@code arn:<partition>:sqs:<region>:<account>:<name>}),
 * so no {@code GetQueueUrl} call or permission is needed; the request goes to the client's endpoint, which the
 * SDK's {@code AWS_ENDPOINT_URL_SQS} redirects for the local stack.
 *
 * <p>Each call is bounded by the time left before the deadline; what cannot be postponed in time, or what SQS
 * refuses (a receipt handle that expired, a delay past the 12-hour limit), is returned and logged by error code.
 */
public final class SqsRedelivery implements Redelivery {
    private static final Logger LOG = LoggerFactory.getLogger(SqsRedelivery.class);
    /** SQS's limit for one batch request. */
    static final int BATCH_LIMIT = 10;
    /** SQS's longest visibility timeout: 12 hours, counted from the receive (see the README). */
    public static final Duration MAX_VISIBILITY = Duration.ofHours(12);
    /** Below this much time left a call is not worth starting. */
    static final Duration MINIMUM_CALL = Duration.ofMillis(50);
    private static final Pattern QUEUE_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):sqs:([a-z0-9-]{1,64}):(\\d{12}):([A-Za-z0-9_.-]{1,80})");

    private final SqsClient sqs;

    public SqsRedelivery(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public Set<String> postpone(List<Postponement> postponements, Deadline deadline) {
        Objects.requireNonNull(postponements, "postponements");
        Objects.requireNonNull(deadline, "deadline");
        Set<String> notPostponed = new HashSet<>();
        Map<String, List<Postponement>> bySource = new LinkedHashMap<>();
        postponements.forEach(p -> bySource.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p));
        bySource.forEach((source, items) -> {
            Optional<String> queueUrl = queueUrl(source);
            if (queueUrl.isEmpty()) {
                // The source is not ours to print (it may come from any caller of the function); its shape is enough.
                LOG.warn("{} messages not postponed: their source is not an SQS queue ARN", items.size());
                items.forEach(p -> notPostponed.add(p.messageId()));
                return;
            }
            for (int from = 0; from < items.size(); from += BATCH_LIMIT) {
                List<Postponement> chunk = items.subList(from, Math.min(items.size(), from + BATCH_LIMIT));
                notPostponed.addAll(postponeChunk(queueUrl.get(), chunk, deadline));
            }
        });
        return notPostponed;
    }

    private Set<String> postponeChunk(String queueUrl, List<Postponement> chunk, Deadline deadline) {
        Set<String> failed = new HashSet<>();
        Duration left = deadline.left();
        if (left.compareTo(MINIMUM_CALL) < 0) {
            LOG.warn("{} messages not postponed: no time left before the function's deadline", chunk.size());
            chunk.forEach(p -> failed.add(p.messageId()));
            return failed;
        }
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Postponement p = chunk.get(i);
            // Entry ids must be unique and short; a position is both, whatever the message ids look like.
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(p.receipt())
                    .visibilityTimeout((int) Math.min(MAX_VISIBILITY.toSeconds(), p.delay().toSeconds()))
                    .build());
        }
        try {
            ChangeMessageVisibilityBatchResponse response = sqs.changeMessageVisibilityBatch(
                    ChangeMessageVisibilityBatchRequest.builder().queueUrl(queueUrl).entries(entries)
                            // Unbounded: the client's own timeouts apply (what is left of none is no timeout).
                            .overrideConfiguration(o -> {
                                if (deadline.isBounded()) {
                                    o.apiCallTimeout(left);
                                }
                            }).build());
            for (BatchResultErrorEntry error : response.failed()) {
                Postponement p = chunk.get(Integer.parseInt(error.id()));
                failed.add(p.messageId());
                LOG.warn("message {} not postponed: SQS answered {}; it comes back at the queue's own pace",
                        p.messageId(), error.code());
            }
        } catch (SdkException e) {
            String code = AwsErrorCode.withStatus(e);
            LOG.warn("{} messages not postponed: ChangeMessageVisibilityBatch failed ({}); they come back at the "
                    + "queue's own pace", chunk.size(), code);
            chunk.forEach(p -> failed.add(p.messageId()));
        }
        return failed;
    }

    /** The queue URL of an SQS queue ARN, as SQS documents it; empty for anything else. */
    static Optional<String> queueUrl(String arn) {
        Matcher m = QUEUE_ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        String domain = m.group(1).equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return Optional.of("https://sqs." + m.group(2) + "." + domain + "/" + m.group(3) + "/" + m.group(4));
    }
}
