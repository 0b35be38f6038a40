package io.cognitosuite.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.SqsQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The support desk's SQS adapter on ElasticMQ through the real SDK client. */
class SqsDeadLetterQueuesIT {
    private static LocalSqs local;
    private static SqsClient sqs;
    private static int queues;
    private final SqsDeadLetterQueues dlq = new SqsDeadLetterQueues(sqs);

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void pairs_areFoundByPrefix_bySourceUrl_andByDeadLetterUrl() {
        SqsQueues.QueuePair created = SqsQueues.createWithDeadLetterQueue(sqs, "find-me-user-confirmed", 5, 30);
        local.createQueue("find-me-plain");

        List<QueuePair> byPrefix = dlq.pairsByPrefix("find-me");
        List<QueuePair> bySource = dlq.pairsOf(created.queueUrl());
        List<QueuePair> byDeadLetter = dlq.pairsOf(created.deadLetterQueueUrl());

        assertThat(byPrefix).singleElement().satisfies(p -> {
            assertThat(p.sourceUrl()).isEqualTo(created.queueUrl());
            assertThat(p.deadLetterUrl()).isEqualTo(created.deadLetterQueueUrl());
            assertThat(p.sourceName()).isEqualTo("find-me-user-confirmed");
            assertThat(p.deadLetterName()).isEqualTo("find-me-user-confirmed-dlq");
            assertThat(p.maxReceiveCount()).isEqualTo(5);
        });
        assertThat(bySource).isEqualTo(byPrefix);
        assertThat(byDeadLetter).isEqualTo(byPrefix);
        assertThat(dlq.pairsByPrefix("nothing-by-this-name")).isEmpty();
        assertThatThrownBy(() -> dlq.pairsOf(local.createQueue("find-me-lonely")))
                .isInstanceOf(DeadLetterQueueException.class).hasMessageContaining("no redrive policy");
    }

    @Test
    void peek_readsEveryMessageWithItsAttributes_andLeavesEveryOneInPlace() {
        QueuePair pair = pairWithDeadLetters(12);
        QueueCounts before = dlq.counts(pair.deadLetterUrl());

        List<DeadLetter> peeked = dlq.peek(pair, 50);

        QueueCounts after = dlq.counts(pair.deadLetterUrl());
        assertThat(before).isEqualTo(new QueueCounts(12, 0, 0));
        assertThat(after).as("released at once: all visible again").isEqualTo(before);
        assertThat(peeked).hasSize(12).extracting(DeadLetter::body)
                .containsExactlyInAnyOrderElementsOf(bodies(12));
        assertThat(peeked).allSatisfy(m -> {
            assertThat(m.type()).isEqualTo("user.confirmed");
            assertThat(m.attributes()).containsEntry("version", "1");
            assertThat(m.sentAt()).isBefore(Instant.now().plusSeconds(1)).isAfter(Instant.now().minusSeconds(60));
            assertThat(m.receiveCount()).as("the source's receives and this peek's").isGreaterThanOrEqualTo(2);
        });
        assertThat(receiveAll(pair.deadLetterUrl())).as("the bodies are intact")
                .extracting(Message::body).containsExactlyInAnyOrderElementsOf(bodies(12));
    }

    @Test
    void peek_isBoundedByMax_andAnEmptyQueueAnswersAtOnce() {
        QueuePair pair = pairWithDeadLetters(7);
        QueuePair empty = pairWithDeadLetters(0);

        List<DeadLetter> three = dlq.peek(pair, 3);
        List<DeadLetter> none = dlq.peek(empty, 10);

        assertThat(three).hasSize(3).extracting(DeadLetter::messageId).doesNotHaveDuplicates();
        assertThat(dlq.counts(pair.deadLetterUrl())).isEqualTo(new QueueCounts(7, 0, 0));
        assertThat(none).isEmpty();
    }

    @Test
    void peek_withASelection_readsOnUntilItFindsMax_andLeavesEveryMessageInPlace() {
        QueuePair pair = pairWithDeadLetters(15);
        Set<String> wanted = Set.of("body-2", "body-13", "body-14");
        MoveSelection lastOnes = batch -> batch.stream().filter(m -> wanted.contains(m.body()))
                .map(DeadLetter::messageId).collect(Collectors.toSet());

        List<DeadLetter> found = dlq.peek(pair, 5, lastOnes);

        assertThat(found).extracting(DeadLetter::body).containsExactlyInAnyOrder("body-13", "body-14", "body-2");
        assertThat(dlq.counts(pair.deadLetterUrl())).isEqualTo(new QueueCounts(15, 0, 0));
    }

    @Test
    void oldest_isExact_whenTheSampleSawEveryMessage_andSaysSample_otherwise() {
        QueuePair pair = pairWithDeadLetters(4);

        OldestMessage all = dlq.oldest(pair, 10).orElseThrow();
        OldestMessage sample = dlq.oldest(pair, 2).orElseThrow();

        assertThat(all.complete()).isTrue();
        assertThat(all.basis()).isEqualTo("oldest of all 4");
        assertThat(sample.complete()).isFalse();
        assertThat(sample.basis()).isEqualTo("oldest in a sample of 2");
        assertThat(all.sentAt()).isBeforeOrEqualTo(sample.sentAt());
        assertThat(dlq.oldest(pairWithDeadLetters(0), 10)).isEmpty();
        assertThat(dlq.counts(pair.deadLetterUrl()).visible()).isEqualTo(4);
    }

    @Test
    void nativeMoveTask_movesEverything_refusesASecondWhileRunning_andCancelStopsIt() throws Exception {
        QueuePair pair = pairWithDeadLetters(6);

        String handle = dlq.startMoveTask(pair, null, 1);
        assertThat(handle).isNotBlank();
        assertThat(dlq.moveTasks(pair)).first().satisfies(t -> {
            assertThat(t.running()).isTrue();
            assertThat(t.maxPerSecond()).isEqualTo(1);
        });
        assertThatThrownBy(() -> dlq.startMoveTask(pair, null, null)).isInstanceOf(MoveTaskRunningException.class)
                .hasMessageContaining("already running for " + pair.deadLetterName());
        assertThat(dlq.cancelMoveTask(pair)).isPresent();
        awaitNoRunningTask(pair);
        assertThat(dlq.cancelMoveTask(pair)).as("nothing left to cancel").isEmpty();

        dlq.startMoveTask(pair, null, null);
        awaitNoRunningTask(pair);

        assertThat(dlq.counts(pair.deadLetterUrl()).total()).isZero();
        assertThat(receiveAll(pair.sourceUrl())).extracting(Message::body).containsExactlyInAnyOrderElementsOf(bodies(6));
        assertThat(dlq.moveTasks(pair)).first().satisfies(t -> assertThat(t.status()).isEqualTo("COMPLETED"));
    }

    @Test
    void selectiveMove_movesExactlyTheSelection_withBodyAndAttributes_andASecondRunMovesNothing() {
        QueuePair pair = pairWithDeadLetters(8);
        Set<String> wanted = Set.of("body-1", "body-4", "body-6");
        MoveSelection byBody = batch -> batch.stream().filter(m -> wanted.contains(m.body()))
                .map(DeadLetter::messageId).collect(Collectors.toSet());
        List<MoveReport> progress = new ArrayList<>();

        MoveReport dryRun = dlq.move(pair, byBody, 100, true, r -> { });
        MoveReport first = dlq.move(pair, byBody, 100, false, progress::add);
        MoveReport second = dlq.move(pair, byBody, 100, false, r -> { });

        assertThat(dryRun).isEqualTo(new MoveReport(8, 3, 0, 0, 0, 5, true, true, dryRun.movedIds()));
        assertThat(first).isEqualTo(new MoveReport(8, 3, 3, 0, 0, 5, false, true, first.movedIds()));
        // The ids the dry run would move are the ids the real run moved (the same dead letters).
        assertThat(dryRun.movedIds()).hasSize(3).containsExactlyInAnyOrderElementsOf(first.movedIds());
        assertThat(progress).isNotEmpty().last().isEqualTo(first);
        assertThat(second).isEqualTo(new MoveReport(5, 0, 0, 0, 0, 5, false, true, List.of()));
        List<Message> moved = receiveAll(pair.sourceUrl());
        assertThat(moved).extracting(Message::body).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(moved).allSatisfy(m -> {
            assertThat(m.messageAttributes().get("type").stringValue()).isEqualTo("user.confirmed");
            assertThat(m.messageAttributes().get("version").dataType()).isEqualTo("Number");
            assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
        });
        assertThat(dlq.counts(pair.deadLetterUrl())).isEqualTo(new QueueCounts(5, 0, 0));
    }

    @Test
    void selectiveMove_stopsAtMax() {
        QueuePair pair = pairWithDeadLetters(5);

        MoveReport report = dlq.move(pair, MoveSelection.all(), 2, false, r -> { });

        assertThat(report.moved()).isEqualTo(2);
        assertThat(report.movedIds()).hasSize(2);
        assertThat(report.complete()).as("max reached: nothing more was asked").isTrue();
        assertThat(dlq.counts(pair.deadLetterUrl()).visible()).isEqualTo(3);
        assertThat(receiveAll(pair.sourceUrl())).hasSize(2);
    }

    @Test
    void selectiveMove_interruptedBetweenSendAndDelete_leavesADuplicate_notALoss() {
        QueuePair pair = pairWithDeadLetters(3);
        AtomicBoolean failDeletes = new AtomicBoolean(true);
        try (SqsClient failing = AwsClients.configured(SqsClient.builder())
                .endpointOverride(local.server().endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (failDeletes.get() && context.request() instanceof DeleteMessageBatchRequest) {
                            throw SdkClientException.create("connection reset (injected)");
                        }
                    }
                })).build()) {

            MoveReport report = new SqsDeadLetterQueues(failing).move(pair, MoveSelection.all(), 10, false, r -> { });

            assertThat(report).isEqualTo(new MoveReport(3, 3, 0, 3, 0, 0, false, true, List.of()));
            assertThat(report.complete()).isFalse();
        }
        assertThat(dlq.counts(pair.deadLetterUrl())).as("every dead letter still there, visible")
                .isEqualTo(new QueueCounts(3, 0, 0));
        assertThat(receiveAll(pair.sourceUrl())).extracting(Message::body).containsExactlyInAnyOrderElementsOf(bodies(3));
    }

    // ------------------------------------------------------------------ helpers

    /** A fresh pair whose dead-letter queue holds {@code n} messages that got there as SQS moves them. */
    private static QueuePair pairWithDeadLetters(int n) {
        SqsQueues.QueuePair created = SqsQueues.createWithDeadLetterQueue(sqs, "dlq-it-" + (++queues), 1, 30);
        for (String body : bodies(n)) {
            sqs.sendMessage(r -> r.queueUrl(created.queueUrl()).messageBody(body).messageAttributes(Map.of(
                    "type", MessageAttributeValue.builder().dataType("String").stringValue("user.confirmed").build(),
                    "version", MessageAttributeValue.builder().dataType("Number").stringValue("1").build())));
        }
        // One receive each (released at once), then the next receive finds the count exceeded: SQS moves them.
        int received = 0;
        while (received < n) {
            received += sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).maxNumberOfMessages(10)
                    .visibilityTimeout(0)).messages().size();
        }
        assertThat(sqs.receiveMessage(r -> r.queueUrl(created.queueUrl()).maxNumberOfMessages(10)).messages()).isEmpty();
        QueuePair pair = new SqsDeadLetterQueues(sqs).pairsOf(created.queueUrl()).get(0);
        assertThat(new SqsDeadLetterQueues(sqs).counts(pair.deadLetterUrl()).visible()).isEqualTo(n);
        return pair;
    }

    private static List<String> bodies(int n) {
        return IntStream.range(0, n).mapToObj(i -> "body-" + i).toList();
    }

    /** Every message of a queue, received and kept hidden (the test owns the queue). */
    private static List<Message> receiveAll(String url) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    private void awaitNoRunningTask(QueuePair pair) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (dlq.moveTasks(pair).stream().anyMatch(MoveTask::running) && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        assertThat(dlq.moveTasks(pair)).noneMatch(MoveTask::running);
    }
}
