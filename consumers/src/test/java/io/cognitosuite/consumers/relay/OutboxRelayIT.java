package io.cognitosuite.consumers.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.testing.EventBridgeStub;
import io.cognitosuite.testing.EventBridgeStub.Answer;
import io.cognitosuite.testing.EventBridgeStub.Call;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.postgres.testing.OutboxRows;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.postgres.jdbc.JdbcOutbox;
import io.cognitosuite.consumers.internal.RelaySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay against real PostgreSQL and the real SDK client talking to WireMock in EventBridge's wire
 * protocol, with throttling and partial failures injected: every row ends up published, and the relay never
 * sends a row again once it was answered that the bus took it. The bus holds exactly one copy of each row,
 * except for the repeat the README documents: an answer that reached the client too late (its call timed out,
 * as a cold JVM on a loaded machine makes happen) leaves a copy the relay could not know of, and the event is
 * sent again with the same {@code eventId}.
 */
class OutboxRelayIT {
    private static final String BUS = "cognito-suite-events";
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    private static EventBridgeStub stub;
    private MigratedDatabase db;

    @BeforeAll
    static void startStub() {
        stub = EventBridgeStub.start();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("relay");
        stub.answerAlways(Answer.ACCEPT_ALL);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void relay_publishesEveryRowOnce_throughThrottlingAndPartialFailures_repeatingOnlyWhatALostAnswerHid() {
        // given 95 rows and a bus that throttles, refuses single entries and fails whole calls in turn
        List<UUID> rows = OutboxRows.insertUserCreated(db.database(), 95, T0);
        stub.answerInCycle(Answer.THROTTLE_FIRST_ENTRY, Answer.THROTTLE_CALL, Answer.ACCEPT_ALL, Answer.FAIL_ALL_ENTRIES,
                Answer.SERVER_ERROR, Answer.THROTTLE_FIRST_ENTRY, Answer.FAIL_ALL_ENTRIES, Answer.FAIL_ALL_ENTRIES);
        OutboxRelay relay = relay(db.database(), 20, new RecordingMetrics());

        // when the schedule runs the relay until it reports nothing left
        int runs = 0;
        RelayReport report;
        do {
            report = relay.drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));
            runs++;
        } while (!(report.drained() && report.failed() == 0) && runs < 30);

        // then
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isZero();
        assertEveryRowOnTheBusOnce_plusOnlyCopiesOfLostAnswers(rows);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE publish_attempts > 0 AND last_error IS NOT NULL"))
                .as("failed attempts are recorded").isPositive();
        assertThat(stub.calls()).allSatisfy(call -> assertThat(call.entries()).hasSizeBetween(1, 10));
    }

    @Test
    void relay_sendsPutEventsInTheWireFormat_withSourceDetailTypeBusAndVersionedDetail() {
        UUID row = OutboxRows.insertUserCreated(db.database(), T0);

        relay(db.database(), 50, new RecordingMetrics()).drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));

        Call call = stub.calls().get(0);
        assertThat(call.header("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
        assertThat(call.header("Content-Type")).startsWith("application/x-amz-json-1.1");
        JsonNode entry = call.entries().get(0);
        assertThat(entry.path("Source").asText()).isEqualTo("io.cognitosuite");
        assertThat(entry.path("DetailType").asText()).isEqualTo("app_user.created");
        assertThat(entry.path("EventBusName").asText()).isEqualTo(BUS);
        JsonNode detail = Call.detail(entry);
        assertThat(detail.path("version").asInt()).isEqualTo(1);
        assertThat(detail.path("eventId").asText()).isEqualTo(row.toString());
        assertThat(detail.path("occurredAt").asText()).isEqualTo(T0.toString());
        assertThat(detail.has("appUserId")).isTrue();
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void twoRelaysAtOnce_neverPublishTheSameRow() throws Exception {
        // given 300 rows and a bus slow enough that both relays are mid-pass together
        List<UUID> rows = OutboxRows.insertUserCreated(db.database(), 300, T0);
        stub.answerAlways(Answer.ACCEPT_ALL, Duration.ofMillis(20));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Database second = Database.pooled(db.settings())) {
            OutboxRelay one = relay(db.database(), 20, new RecordingMetrics());
            OutboxRelay two = relay(second, 20, new RecordingMetrics());
            CyclicBarrier start = new CyclicBarrier(2);

            // when
            Future<RelayReport> a = pool.submit(() -> {
                start.await();
                return one.drain(Deadline.after(Duration.ofSeconds(20), Clock.systemUTC()));
            });
            Future<RelayReport> b = pool.submit(() -> {
                start.await();
                return two.drain(Deadline.after(Duration.ofSeconds(20), Clock.systemUTC()));
            });
            RelayReport reportA = a.get(30, TimeUnit.SECONDS);
            RelayReport reportB = b.get(30, TimeUnit.SECONDS);

            // then
            assertThat(reportA.published()).isPositive();
            assertThat(reportB.published()).isPositive();
            assertThat(reportA.published() + reportB.published()).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stub.answeredAcceptedEventIds()).hasSize(300);
        assertEveryRowOnTheBusOnce_plusOnlyCopiesOfLostAnswers(rows);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isZero();
    }

    @Test
    void answerLostToTheCallTimeout_isSentAgainInThePass_andIsTheOnlyCopyTheBusGetsTwice() {
        // given a bus that takes the first call's entries but answers after the 1 s attempt timeout
        List<UUID> rows = OutboxRows.insertUserCreated(db.database(), 3, T0);
        stub.answerFirstLate(Answer.ACCEPT_ALL, Duration.ofMillis(1500));

        // when
        RelayReport report = relay(db.database(), 20, new RecordingMetrics()).drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));

        // then the events are sent again in the same pass and marked published once
        List<String> ids = rows.stream().map(UUID::toString).toList();
        assertThat(report.published()).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL")).isZero();
        assertThat(stub.unansweredEventIds()).containsAll(ids);
        assertThat(stub.answeredAcceptedEventIds()).containsExactlyInAnyOrderElementsOf(ids);
        // and the bus holds the documented repeat: the late copy and the one sent again, same eventId
        assertThat(stub.acceptedEventIds()).containsOnlyElementsOf(ids)
                .allSatisfy(id -> assertThat(stub.acceptedEventIds()).as(id).filteredOn(id::equals).hasSizeGreaterThanOrEqualTo(2));
        assertEveryRowOnTheBusOnce_plusOnlyCopiesOfLostAnswers(rows);
    }

    @Test
    void rowTooLargeToSend_isRecordedAsPermanentFailure_andNeverBlocksOrHidesTheOthers() {
        // given a row whose entry exceeds 256 KB between two ordinary rows
        UUID before = OutboxRows.insertUserCreated(db.database(), T0);
        UUID tooLarge = OutboxRows.insert(db.database(), "app_user.created",
                "{\"version\":1,\"blob\":\"" + "x".repeat(300_000) + "\"}", UUID.randomUUID(), T0.plusSeconds(1));
        UUID after = OutboxRows.insertUserCreated(db.database(), T0.plusSeconds(2));
        RecordingMetrics metrics = new RecordingMetrics();
        OutboxRelay relay = relay(db.database(), 50, metrics);

        // when the relay runs twice
        relay.drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));
        relay.drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));

        // then
        assertEveryRowOnTheBusOnce_plusOnlyCopiesOfLostAnswers(List.of(before, after));
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND publish_attempts = 1"
                + " AND last_error LIKE 'permanent: EntryTooLarge%' AND id = '" + tooLarge + "'")).isEqualTo(1);
        assertThat(metrics.published().get(0).counts()).containsEntry("EventsRejected", 1.0)
                .containsEntry("EventsPublished", 2.0);
    }

    @Test
    void relay_leavesEveryRowUnpublished_withTheAttemptRecorded_whenTheBusKeepsFailing() {
        OutboxRows.insertUserCreated(db.database(), 5, T0);
        stub.answerAlways(Answer.SERVER_ERROR);
        RecordingMetrics metrics = new RecordingMetrics();

        RelayReport report = relay(db.database(), 50, metrics).drain(Deadline.after(Duration.ofSeconds(10), Clock.systemUTC()));

        assertThat(report.published()).isZero();
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND publish_attempts = 1"
                + " AND last_error LIKE 'InternalException%'")).isEqualTo(5);
        assertThat(metrics.last().counts()).containsEntry("EventsFailed", 5.0);
    }

    /**
     * The relay was answered "accepted" exactly once for every row, and the bus holds every row: once, plus at
     * most one copy per call the client got no answer to (a lost answer, the README's at-least-once). With no
     * lost answer, as on an unloaded machine, that is exactly one copy per row.
     */
    private static void assertEveryRowOnTheBusOnce_plusOnlyCopiesOfLostAnswers(List<UUID> rows) {
        List<String> ids = rows.stream().map(UUID::toString).toList();
        assertThat(stub.answeredAcceptedEventIds()).as("acceptances the relay was told of")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        List<String> onTheBus = stub.acceptedEventIds();
        assertThat(onTheBus).as("entries the bus took").containsOnlyElementsOf(ids).containsAll(ids);
        Map<String, Long> copies = onTheBus.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<String, Long> lost = stub.unansweredEventIds().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(copies).as("copies on the bus beyond the first, against answers lost to the client %s", lost)
                .allSatisfy((id, n) -> assertThat(n - 1).as(id).isLessThanOrEqualTo(lost.getOrDefault(id, 0L)));
    }

    private static OutboxRelay relay(Database database, int batchSize, RecordingMetrics metrics) {
        RelaySettings settings = RelaySettings.fromEnvironment(Map.of("EVENT_BUS_NAME", BUS,
                "RELAY_BATCH_SIZE", Integer.toString(batchSize)));
        // The bus adapter as production connects it.
        DomainEvents events = ConsumerConnections.EventBus.eventBridge(stub::client)
                .connect(settings.eventBusName(), settings.eventSource(), settings.publishAttempts());
        return new OutboxRelay(new JdbcOutbox(database), events, metrics, settings.batchSize());
    }
}
