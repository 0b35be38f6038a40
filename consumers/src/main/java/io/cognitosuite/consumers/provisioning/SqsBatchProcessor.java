package io.cognitosuite.consumers.provisioning;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an SQS event to {@link InboundMessage}s, runs the service, and maps failed message ids to an
 * {@link SQSBatchResponse}. An unexpected error fails every message of the batch (none is lost), and is recorded
 * as each message's failure ({@code unexpected}). When the
 * batch created users, the {@link AfterCommit} work runs next (the outbox relay's pass); whatever happens to
 * it, the batch result stays as the service decided. An event whose records cannot all be named (see
 * {@link MalformedEventException}) fails the whole invocation, so Lambda returns the whole batch to the queue.
 */
public final class SqsBatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchProcessor.class);
    /** Reads the function's remaining time as Lambda counts it: wall-clock time from now. */
    private static final Clock CLOCK = Clock.systemUTC();

    private final String function;
    private final ProvisioningService service;
    private final AfterCommit afterCommit;

    /** A processor with nothing to do after a commit. */
    public SqsBatchProcessor(String function, ProvisioningService service) {
        this(function, service, AfterCommit.NONE);
    }

    public SqsBatchProcessor(String function, ProvisioningService service, AfterCommit afterCommit) {
        this.function = Objects.requireNonNull(function, "function");
        this.service = Objects.requireNonNull(service, "service");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    public SQSBatchResponse process(SQSEvent event, Context context) {
        String requestId = context == null ? "local" : context.getAwsRequestId();
        try (LogContext ignored = LogContext.open(function, requestId)) {
            List<InboundMessage> messages = toMessages(event);
            List<String> failed;
            Deadline deadline = context == null ? Deadline.none(CLOCK)
                    : Deadline.after(Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())), CLOCK);
            int provisioned = 0;
            try {
                BatchOutcome outcome = service.process(messages, deadline);
                failed = outcome.failedMessageIds();
                provisioned = outcome.provisioned();
            } catch (RuntimeException e) {
                LOG.error("batch failed unexpectedly; all {} messages will be redelivered", messages.size(), e);
                failed = messages.stream().map(InboundMessage::messageId).toList();
                service.failedUnexpectedly(messages, e, requestId, deadline);
            }
            if (provisioned > 0) {
                runAfterCommit(deadline);
            }
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(failed.size());
            for (String id : failed) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build());
            }
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        }
    }

    /** The batch's result is already decided: nothing that happens here may change it. */
    private void runAfterCommit(Deadline deadline) {
        try {
            afterCommit.batchCommitted(deadline);
        } catch (RuntimeException e) {
            LOG.warn("work after the batch commit failed ({}); the batch result stands", e.toString());
        }
    }

    /**
     * The event's records as messages. A record that cannot be named in a partial batch response (null, or
     * without a message id) fails the whole invocation: Lambda then returns the whole batch to the queue, which
     * is the only way such a record is not lost silently. Fails closed for the same reason when there is no
     * {@code Records} array, which Lambda never sends.
     */
    private static List<InboundMessage> toMessages(SQSEvent event) {
        if (event == null || event.getRecords() == null) {
            LOG.error("invalid event: no Records array; the invocation fails");
            throw new MalformedEventException(MalformedEventException.NOT_AN_SQS_EVENT);
        }
        List<InboundMessage> messages = new ArrayList<>(event.getRecords().size());
        int position = 0;
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            if (record == null || record.getMessageId() == null || record.getMessageId().isBlank()) {
                // The position is ours, not the caller's input: safe to log.
                LOG.error("invalid event: record {} of {} is {}; the invocation fails so that the whole batch is "
                        + "redelivered", position, event.getRecords().size(), record == null ? "null" : "without a messageId");
                throw new MalformedEventException(MalformedEventException.UNNAMED_RECORD);
            }
            messages.add(new InboundMessage(record.getMessageId(), record.getBody(), receiveCount(record.getAttributes()),
                    record.getEventSourceArn(), record.getReceiptHandle()));
            position++;
        }
        return messages;
    }

    private static int receiveCount(Map<String, String> attributes) {
        if (attributes == null) {
            return 1;
        }
        String count = attributes.get("ApproximateReceiveCount");
        if (count == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(count.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
