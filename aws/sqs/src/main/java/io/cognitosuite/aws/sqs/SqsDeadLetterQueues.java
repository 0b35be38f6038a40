package io.cognitosuite.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The support desk's view of the suite's dead-letter queues on Amazon SQS (or any SQS-compatible server the SDK's
 * {@code AWS_ENDPOINT_URL_SQS} points at): which queue dead-letters into which, their counts, the messages they
 * hold, and the two ways back: SQS's own message move task, and a selective move that sends a copy to the source
 * queue and only then deletes the dead letter (a failure in between leaves a duplicate, never a loss).
 *
 * <p>Reading a message means receiving it: every read is released at once ({@code ChangeMessageVisibility} to 0), and
 * each receive counts in the message's {@code ApproximateReceiveCount}. Only dead-letter queues are ever received
 * from: receiving from a source queue would take messages from its consumer and count towards their redrive.
 *
 * <p>IAM actions: {@code sqs:ListQueues}, {@code GetQueueAttributes}, {@code GetQueueUrl},
 * {@code ListDeadLetterSourceQueues}, {@code ReceiveMessage}, {@code ChangeMessageVisibility}, and for redrives
 * {@code SendMessage} (source queue), {@code DeleteMessage}, {@code StartMessageMoveTask},
 * {@code ListMessageMoveTasks}, {@code CancelMessageMoveTask}.
 */
public final class SqsDeadLetterQueues {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetterQueues.class);
    /** SQS's limit for a receive and for one batch request. */
    static final int BATCH_LIMIT = 10;
    /**
     * How long a received message stays hidden if this process dies before it releases or deletes it: long enough
     * for a batch's send and delete, short enough that a crash hides nothing for long.
     */
    static final int HOLD_SECONDS = 30;
    /** Long-poll wait of a receive: under the client's 2 s socket timeout, and lets SQS look at all its servers. */
    static final int WAIT_SECONDS = 1;
    /** Receives in a row that bring nothing new before a scan ends (SQS may hand back a released message). */
    static final int STALE_RECEIVES = 3;

    private final SqsClient sqs;

    public SqsDeadLetterQueues(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    // ------------------------------------------------------------------ finding the queues

    /**
     * The pairs of one queue: its own dead-letter queue when it has a redrive policy, else, when it is a
     * dead-letter queue, every source queue that dead-letters into it.
     *
     * @throws DeadLetterQueueException when it is neither, or SQS fails
     */
    public List<QueuePair> pairsOf(String queueUrl) {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Map<String, String> attributes = attributes(queueUrl, QueueAttributeName.QUEUE_ARN,
                QueueAttributeName.REDRIVE_POLICY);
        Optional<QueuePair> own = pair(queueUrl, attributes);
        if (own.isPresent()) {
            return List.of(own.get());
        }
        List<String> sources = call("ListDeadLetterSourceQueues", () -> sqs.listDeadLetterSourceQueuesPaginator(
                r -> r.queueUrl(queueUrl)).queueUrls().stream().toList());
        List<QueuePair> pairs = new ArrayList<>();
        for (String source : sources) {
            pair(source, attributes(source, QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY))
                    .ifPresent(pairs::add);
        }
        if (pairs.isEmpty()) {
            throw new DeadLetterQueueException("the queue has no redrive policy and is no queue's dead-letter queue");
        }
        return pairs;
    }

    /** The pairs of every queue whose name starts with {@code prefix} and that has a redrive policy, by name. */
    public List<QueuePair> pairsByPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        List<String> urls = call("ListQueues", () -> sqs.listQueuesPaginator(r -> r.queueNamePrefix(prefix))
                .queueUrls().stream().toList());
        List<QueuePair> pairs = new ArrayList<>();
        for (String url : urls) {
            pair(url, attributes(url, QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY))
                    .ifPresent(pairs::add);
        }
        pairs.sort(Comparator.comparing(QueuePair::sourceName));
        return pairs;
    }

    private Optional<QueuePair> pair(String sourceUrl, Map<String, String> attributes) {
        String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY.toString());
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.parse(policy);
        } catch (MalformedJsonException e) {
            throw new DeadLetterQueueException("the queue's RedrivePolicy is not JSON");
        }
        String dlqArn = node.path("deadLetterTargetArn").asText("");
        if (dlqArn.isBlank()) {
            return Optional.empty();
        }
        int maxReceiveCount = node.path("maxReceiveCount").asInt(0);
        String dlqUrl = call("GetQueueUrl", () -> sqs.getQueueUrl(r -> {
            r.queueName(QueuePair.nameOf(dlqArn));
            String owner = accountOf(dlqArn);
            if (!owner.equals(accountOf(attributes.get(QueueAttributeName.QUEUE_ARN.toString())))) {
                r.queueOwnerAWSAccountId(owner);
            }
        }).queueUrl());
        return Optional.of(new QueuePair(sourceUrl, attributes.get(QueueAttributeName.QUEUE_ARN.toString()), dlqUrl,
                dlqArn, maxReceiveCount));
    }

    private static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    // ------------------------------------------------------------------ counts

    /** A queue's approximate counts. */
    public QueueCounts counts(String queueUrl) {
        Map<String, String> a = attributes(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
        return new QueueCounts(number(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                number(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                number(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /**
     * The oldest message among up to {@code sampleSize} read from the dead-letter queue (and released at once);
     * empty when the queue holds no visible message or {@code sampleSize} is 0.
     */
    public Optional<OldestMessage> oldest(QueuePair pair, int sampleSize) {
        if (sampleSize <= 0) {
            return Optional.empty();
        }
        QueueCounts before = counts(pair.deadLetterUrl());
        List<DeadLetter> sample = peek(pair, sampleSize);
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        Instant oldest = sample.stream().map(DeadLetter::sentAt).min(Comparator.naturalOrder()).orElseThrow();
        // Exact only when the sample saw every message the queue held and none was hidden or delayed.
        boolean complete = before.inFlight() == 0 && before.delayed() == 0 && sample.size() >= before.visible();
        return Optional.of(new OldestMessage(oldest, sample.size(), complete));
    }

    // ------------------------------------------------------------------ peek

    /**
     * Up to {@code max} distinct messages of the dead-letter queue, each released at once, so every message stays
     * where it was. Ends when {@code max} are read, when it has read as many as the queue held at the start, or
     * when receives bring nothing new.
     */
    public List<DeadLetter> peek(QueuePair pair, int max) {
        return peek(pair, max, MoveSelection.all());
    }

    /**
     * Up to {@code max} distinct messages of the dead-letter queue that {@code selection} picks, each released at
     * once; reads on through the queue (as far as it held at the start) until {@code max} are picked.
     */
    public List<DeadLetter> peek(QueuePair pair, int max, MoveSelection selection) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        Objects.requireNonNull(selection, "selection");
        Map<String, DeadLetter> picked = new LinkedHashMap<>();
        scan(pair.deadLetterUrl(), () -> max - picked.size(), (batch, fresh) -> {
            // Released before anything else is done with them: a peek holds nothing longer than it must.
            release(pair.deadLetterUrl(), batch);
            if (!fresh.isEmpty()) {
                List<DeadLetter> read = fresh.stream().map(SqsDeadLetterQueues::deadLetter).toList();
                Set<String> chosen = selection.select(read);
                read.stream().filter(m -> chosen.contains(m.messageId())).limit(max - picked.size())
                        .forEach(m -> picked.put(m.messageId(), m));
            }
            return picked.size() >= max;
        });
        return List.copyOf(picked.values());
    }

    // ------------------------------------------------------------------ native move tasks

    /** The move tasks of the dead-letter queue SQS still lists (the running one and recent ones), newest first. */
    public List<MoveTask> moveTasks(QueuePair pair) {
        List<ListMessageMoveTasksResultEntry> entries = call("ListMessageMoveTasks", () -> sqs.listMessageMoveTasks(
                r -> r.sourceArn(pair.deadLetterArn()).maxResults(10)).results());
        return entries.stream().map(SqsDeadLetterQueues::moveTask)
                .sorted(Comparator.comparing(MoveTask::startedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /**
     * Starts SQS's own move task from the dead-letter queue: to {@code destinationArn}, or, when it is
     * {@code null}, each message back to the queue it came from; at up to {@code maxPerSecond} messages a second
     * ({@code null}: SQS's own pace).
     *
     * @return the task's handle
     * @throws MoveTaskRunningException when one is already running for this dead-letter queue
     */
    public String startMoveTask(QueuePair pair, String destinationArn, Integer maxPerSecond) {
        Optional<MoveTask> running = moveTasks(pair).stream().filter(MoveTask::running).findFirst();
        if (running.isPresent()) {
            throw new MoveTaskRunningException(running.get());
        }
        return call("StartMessageMoveTask", () -> sqs.startMessageMoveTask(r -> {
            r.sourceArn(pair.deadLetterArn());
            if (destinationArn != null) {
                r.destinationArn(destinationArn);
            }
            if (maxPerSecond != null) {
                r.maxNumberOfMessagesPerSecond(maxPerSecond);
            }
        }).taskHandle());
    }

    /**
     * Cancels the running move task of the dead-letter queue.
     *
     * @return the task as it was when cancelled (its count of moved messages so far); empty when none was running
     */
    public Optional<MoveTask> cancelMoveTask(QueuePair pair) {
        Optional<MoveTask> running = moveTasks(pair).stream().filter(MoveTask::running).findFirst();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        long moved = call("CancelMessageMoveTask", () -> sqs.cancelMessageMoveTask(
                r -> r.taskHandle(running.get().taskHandle())).approximateNumberOfMessagesMoved());
        MoveTask task = running.get();
        return Optional.of(new MoveTask(task.taskHandle(), task.status(), task.sourceArn(), task.destinationArn(),
                task.maxPerSecond(), moved, task.toMove(), task.failureReason(), task.startedAt()));
    }

    private static MoveTask moveTask(ListMessageMoveTasksResultEntry e) {
        return new MoveTask(e.taskHandle(), e.status() == null ? "UNKNOWN" : e.status(),
                e.sourceArn() == null ? "" : e.sourceArn(), e.destinationArn(), e.maxNumberOfMessagesPerSecond(),
                e.approximateNumberOfMessagesMoved() == null ? 0 : e.approximateNumberOfMessagesMoved(),
                e.approximateNumberOfMessagesToMove(), e.failureReason(),
                e.startedTimestamp() == null ? null : Instant.ofEpochMilli(e.startedTimestamp()));
    }

    // ------------------------------------------------------------------ selective move

    /**
     * Moves the messages {@code selection} picks, at most {@code max} of them, from the dead-letter queue to the
     * source queue: a copy with the same body and message attributes is sent first, and the dead letter deleted
     * only once the copy is accepted. What is not selected (or not sent) is released at once. In a dry run nothing
     * is sent or deleted and the report says what would have moved. The copies are new messages (new ids, receive
     * count 0); the consumer's idempotency is on the business key, so a copy of a provisioned user changes nothing.
     *
     * @param progress called after each batch with the report so far
     */
    public MoveReport move(QueuePair pair, MoveSelection selection, int max, boolean dryRun,
                           Consumer<MoveReport> progress) {
        Objects.requireNonNull(selection, "selection");
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        int[] c = new int[6]; // examined, selected, moved, duplicated, notSent, skipped
        List<String> movedIds = new ArrayList<>();
        // Messages not taken are held (invisible for HOLD_SECONDS) until the scan ends, so SQS does not hand them back
        // in place of ones not examined yet; then all are released at once.
        List<Message> held = new ArrayList<>();
        boolean covered;
        try {
            covered = scan(pair.deadLetterUrl(), () -> BATCH_LIMIT, (batch, fresh) -> {
                // Seen before in this run (a hold that expired): left as it is, released at the end.
                List<Message> release = new ArrayList<>(batch.stream().filter(m -> !fresh.contains(m)).toList());
                List<Message> take = List.of();
                if (!fresh.isEmpty() && c[1] < max) {
                    Set<String> chosen = selection.select(fresh.stream().map(SqsDeadLetterQueues::deadLetter).toList());
                    take = fresh.stream().filter(m -> chosen.contains(m.messageId())).limit(max - c[1]).toList();
                }
                for (Message m : fresh) {
                    if (!take.contains(m)) {
                        release.add(m);
                    }
                }
                c[0] += fresh.size();
                c[1] += take.size();
                c[5] += fresh.size() - take.size();
                if (dryRun) {
                    take.forEach(m -> movedIds.add(m.messageId()));
                    release.addAll(take);
                } else if (!take.isEmpty()) {
                    List<Message> sent = sendToSource(pair, take);
                    c[4] += take.size() - sent.size();
                    take.stream().filter(m -> !sent.contains(m)).forEach(release::add);
                    List<Message> notDeleted = delete(pair.deadLetterUrl(), sent);
                    c[2] += sent.size() - notDeleted.size();
                    c[3] += notDeleted.size();
                    sent.stream().filter(m -> !notDeleted.contains(m)).forEach(m -> movedIds.add(m.messageId()));
                    // A copy is in the source queue already; the dead letter comes back, counted as duplicated.
                    release.addAll(notDeleted);
                }
                held.addAll(release);
                progress.accept(new MoveReport(c[0], c[1], c[2], c[3], c[4], c[5], dryRun, true, movedIds));
                return c[1] >= max;
            });
        } finally {
            release(pair.deadLetterUrl(), held);
        }
        MoveReport report = new MoveReport(c[0], c[1], c[2], c[3], c[4], c[5], dryRun, covered || c[1] >= max, movedIds);
        LOG.info("selective move from {}: examined {}, selected {}, moved {}, duplicated {}, not sent {}, dry run {}, "
                + "whole queue examined {}", pair.deadLetterName(), report.examined(), report.selected(), report.moved(),
                report.duplicated(), report.notSent(), dryRun, report.covered());
        return report;
    }

    /** The messages the source queue accepted. */
    private List<Message> sendToSource(QueuePair pair, List<Message> messages) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                    .messageAttributes(m.messageAttributes()).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(r -> r.queueUrl(pair.sourceUrl()).entries(entries));
        } catch (SdkException e) {
            // Nothing is known to be sent: the dead letters stay, and are released.
            LOG.warn("{} messages not sent to {}: SendMessageBatch failed ({})", messages.size(), pair.sourceName(),
                    AwsErrorCode.withStatus(e));
            return List.of();
        }
        for (BatchResultErrorEntry error : response.failed()) {
            LOG.warn("message {} not sent to {}: SQS answered {}", messages.get(Integer.parseInt(error.id())).messageId(),
                    pair.sourceName(), error.code());
        }
        return response.successful().stream().map(s -> messages.get(Integer.parseInt(s.id()))).toList();
    }

    /** The messages not deleted. */
    private List<Message> delete(String queueUrl, List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        DeleteMessageBatchResponse response;
        try {
            response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            LOG.warn("{} messages sent to the source queue but not deleted from the dead-letter queue: "
                    + "DeleteMessageBatch failed ({}); they stay as duplicates", messages.size(), AwsErrorCode.withStatus(e));
            return messages;
        }
        List<Message> failed = new ArrayList<>();
        for (BatchResultErrorEntry error : response.failed()) {
            Message m = messages.get(Integer.parseInt(error.id()));
            LOG.warn("message {} sent to the source queue but not deleted from the dead-letter queue: SQS answered {}; "
                    + "it stays as a duplicate", m.messageId(), error.code());
            failed.add(m);
        }
        return failed;
    }

    // ------------------------------------------------------------------ receiving

    /** What a scan does with each received batch: all of it, and the messages new to this scan. */
    @FunctionalInterface
    private interface BatchStep {
        /** Handles (releases, moves) every message of the batch; answers whether the scan is done. */
        boolean accept(List<Message> batch, List<Message> fresh);
    }

    /**
     * Receives batches (of at most {@code room} messages) until the step is done, as many distinct messages are
     * seen as the queue held visible at the start, a receive is empty, or {@link #STALE_RECEIVES} receives in a row
     * bring nothing new. Answers whether the step was done or every message visible at the start was seen.
     */
    private boolean scan(String queueUrl, IntSupplier room, BatchStep step) {
        long atStart = counts(queueUrl).visible();
        Set<String> examined = new HashSet<>();
        int stale = 0;
        while (examined.size() < atStart && stale < STALE_RECEIVES) {
            int wanted = (int) Math.max(1, Math.min(Math.min(BATCH_LIMIT, room.getAsInt()), atStart - examined.size()));
            List<Message> batch = call("ReceiveMessage", () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(wanted).waitTimeSeconds(WAIT_SECONDS).visibilityTimeout(HOLD_SECONDS)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
            if (batch.isEmpty()) {
                return examined.size() >= atStart;
            }
            List<Message> fresh = batch.stream().filter(m -> examined.add(m.messageId())).toList();
            stale = fresh.isEmpty() ? stale + 1 : 0;
            if (step.accept(batch, fresh)) {
                return true;
            }
        }
        return examined.size() >= atStart;
    }

    /** Makes the messages visible again at once. A failure is logged: they come back after {@link #HOLD_SECONDS}. */
    private void release(String queueUrl, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += BATCH_LIMIT) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + BATCH_LIMIT));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                List<BatchResultErrorEntry> failed = sqs.changeMessageVisibilityBatch(
                        r -> r.queueUrl(queueUrl).entries(entries)).failed();
                if (!failed.isEmpty()) {
                    LOG.warn("{} messages not released ({}); they are visible again within {} s", failed.size(),
                            failed.get(0).code(), HOLD_SECONDS);
                }
            } catch (SdkException e) {
                LOG.warn("{} messages not released: ChangeMessageVisibilityBatch failed ({}); they are visible again "
                        + "within {} s", chunk.size(), AwsErrorCode.withStatus(e), HOLD_SECONDS);
            }
        }
    }

    static DeadLetter deadLetter(Message m) {
        Map<MessageSystemAttributeName, String> system = m.attributes();
        Map<String, String> attributes = new LinkedHashMap<>();
        m.messageAttributes().forEach((name, value) -> attributes.put(name, text(value)));
        return new DeadLetter(m.messageId(), m.body() == null ? "" : m.body(), attributes,
                instant(system.get(MessageSystemAttributeName.SENT_TIMESTAMP)).orElse(Instant.EPOCH),
                instant(system.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)).orElse(null),
                (int) parse(system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)));
    }

    private static String text(MessageAttributeValue value) {
        if (value.stringValue() != null) {
            return value.stringValue();
        }
        return value.binaryValue() == null ? "" : "<binary " + value.binaryValue().asByteArray().length + " bytes>";
    }

    private static Optional<Instant> instant(String epochMillis) {
        return epochMillis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(parse(epochMillis)));
    }

    private static long parse(String number) {
        if (number == null) {
            return 0;
        }
        try {
            return Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long number(Map<String, String> attributes, QueueAttributeName name) {
        return parse(attributes.get(name.toString()));
    }

    private Map<String, String> attributes(String queueUrl, QueueAttributeName... names) {
        return call("GetQueueAttributes", () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(names))
                .attributesAsStrings());
    }

    /** One SQS call; a failure becomes a {@link DeadLetterQueueException} naming the call and the code only. */
    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            // A service's message may quote the request; a client-side failure (timeout, refused) is ours to keep.
            throw new DeadLetterQueueException(operation + " failed: " + AwsErrorCode.withStatus(e),
                    e instanceof AwsServiceException ? null : e);
        }
    }
}
