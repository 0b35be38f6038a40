package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.Redelivery;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import io.cognitosuite.testing.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProvisioningServiceTest {
    private final FakeAppUsers users = new FakeAppUsers();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ProvisioningService service = ProvisioningFixtures.neverPostponing(users, metrics);

    /** The batch as a caller without a Lambda context processes it: no deadline of the function's own. */
    private BatchOutcome withoutDeadline(List<InboundMessage> messages) {
        return service.process(messages, Deadline.none(Clock.systemUTC()));
    }

    @Test
    void validBatch_isWrittenInOneCall_andNothingFails() {
        BatchOutcome outcome = withoutDeadline(List.of(message("m1", "sub-a"), message("m2", "sub-b")));

        assertThat(outcome.failedMessageIds()).isEmpty();
        assertThat(outcome.provisioned()).isEqualTo(2);
        assertThat(users.calls).hasSize(1);
        assertThat(metrics.last().counts()).containsEntry("MessagesConsumed", 2.0).containsEntry("MessagesFailed", 0.0)
                .containsEntry("UsersProvisioned", 2.0);
    }

    @Test
    void copiesOfOneUserInABatch_becomeOneWrite() {
        BatchOutcome outcome = withoutDeadline(List.of(message("m1", "sub-a"), message("m2", "sub-a"), message("m3", "sub-a")));

        assertThat(outcome.failedMessageIds()).isEmpty();
        assertThat(users.calls).singleElement().satisfies(call -> assertThat(call).hasSize(1));
        assertThat(outcome.provisioned()).isEqualTo(1);
    }

    @Test
    void poisonMessage_failsAlone_whileItsNeighboursAreWritten() {
        BatchOutcome outcome = withoutDeadline(List.of(
                message("m1", "sub-a"), new InboundMessage("m2", "{not json", 1), message("m3", "sub-b")));

        assertThat(outcome.failedMessageIds()).containsExactly("m2");
        assertThat(outcome.invalid()).isEqualTo(1);
        assertThat(users.created).containsExactlyInAnyOrder("sub-a", "sub-b");
    }

    @Test
    void databaseUnavailable_failsEveryValidMessage_andTheInvalidOnes() {
        users.failAllWith = new DatabaseUnavailableException("connection refused", "08001", null);

        BatchOutcome outcome = withoutDeadline(List.of(
                message("m1", "sub-a"), message("m2", "sub-a"), new InboundMessage("m3", "[]", 1), message("m4", "sub-b")));

        assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
        assertThat(users.calls).as("no per-user retries against an unavailable database").hasSize(1);
    }

    @Test
    void permanentFailureOfTheBatch_isIsolatedToTheUserThatCausesIt() {
        users.rejectSub = "sub-bad";

        BatchOutcome outcome = withoutDeadline(List.of(
                message("m1", "sub-a"), message("m2", "sub-bad"), message("m3", "sub-b"), message("m4", "sub-bad")));

        assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m2", "m4");
        assertThat(users.created).containsExactlyInAnyOrder("sub-a", "sub-b");
    }

    @Test
    void userByUserRetries_stopNearTheFunctionDeadline_andFailWhatWasNotTried() {
        users.rejectSub = "sub-bad";
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        ProvisioningService nearDeadline = ProvisioningFixtures.neverPostponing(users, metrics, Clock.fixed(now, ZoneOffset.UTC));

        BatchOutcome outcome = nearDeadline.process(List.of(message("m1", "sub-a"), message("m2", "sub-bad")),
                Deadline.at(now.plusSeconds(2), Clock.fixed(now, ZoneOffset.UTC)));

        assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m1", "m2");
        assertThat(users.calls).as("only the batch attempt, no user-by-user retry").hasSize(1);
    }

    @Test
    void unreadableBody_isAPermanentFailureOfThatMessageOnly() {
        BatchOutcome outcome = withoutDeadline(List.of(
                message("m1", "sub-a"), new InboundMessage("m2", "[".repeat(5000), 1), new InboundMessage("m3", null, 1)));

        assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m2", "m3");
        assertThat(users.created).containsExactly("sub-a");
    }

    @Test
    void existingUser_countsAsAlreadyPresent() {
        withoutDeadline(List.of(message("m1", "sub-a")));

        BatchOutcome outcome = withoutDeadline(List.of(message("m2", "sub-a")));

        assertThat(outcome.failedMessageIds()).isEmpty();
        assertThat(outcome.provisioned()).isZero();
        assertThat(outcome.alreadyPresent()).isEqualTo(1);
    }

    @Test
    void databaseUnavailable_postponesEachValidMessage_byTheBackoffOfItsReceiveCount_butNeverThePoison() {
        users.failAllWith = new DatabaseUnavailableException("connection refused", "08001", null);
        RecordingRedelivery redelivery = new RecordingRedelivery();
        ProvisioningService backingOff = new ProvisioningService(users, metrics, redelivery, BACKOFF, Clock.systemUTC());

        BatchOutcome outcome = backingOff.process(List.of(delivered("m1", "sub-a", 1), delivered("m2", "sub-b", 3),
                new InboundMessage("m3", "{not json", 1, QUEUE, "r-m3")), Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()));

        assertThat(outcome.failedMessageIds()).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(outcome.postponed()).isEqualTo(2);
        assertThat(redelivery.postponed).extracting(Postponement::messageId, Postponement::receipt, Postponement::delay)
                .containsExactlyInAnyOrder(tuple("m1", "r-m1", Duration.ofSeconds(10)), tuple("m2", "r-m2", Duration.ofSeconds(90)));
        assertThat(metrics.last().counts()).containsEntry("MessagesPostponed", 2.0);
    }

    @Test
    void dataErrorsAndDeadlocks_areNotPostponed_theyComeBackAtTheQueuesPace() {
        RecordingRedelivery redelivery = new RecordingRedelivery();
        ProvisioningService backingOff = new ProvisioningService(users, metrics, redelivery, BACKOFF, Clock.systemUTC());
        users.rejectSub = "sub-bad";
        backingOff.process(List.of(delivered("m1", "sub-a", 1), delivered("m2", "sub-bad", 1)), Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()));
        users.rejectSub = null;
        users.failAllWith = new DataAccessException("deadlock detected", "40P01", true, null);

        BatchOutcome outcome = backingOff.process(List.of(delivered("m3", "sub-c", 1)), Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()));

        assertThat(outcome.failedMessageIds()).containsExactly("m3");
        assertThat(redelivery.postponed).isEmpty();
    }

    @Test
    void redeliveryThatFailsOrThrows_leavesTheMessagesFailed() {
        users.failAllWith = new DatabaseUnavailableException("connection refused", "08001", null);
        Redelivery throwing = (postponements, deadline) -> {
            throw new IllegalStateException("queue unreachable");
        };
        Redelivery refusing = Redelivery.NONE;

        for (Redelivery redelivery : List.of(throwing, refusing)) {
            BatchOutcome outcome = new ProvisioningService(users, metrics, redelivery, BACKOFF, Clock.systemUTC())
                    .process(List.of(delivered("m1", "sub-a", 1)), Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()));

            assertThat(outcome.failedMessageIds()).containsExactly("m1");
            assertThat(outcome.postponed()).isZero();
        }
    }

    @Test
    void everyDatabaseCall_isBoundedByTheTimeLeftLessTheReserve_andPostponingByTheTimeLeftLessTheAnswer() {
        users.rejectSub = "sub-bad";
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        RecordingRedelivery redelivery = new RecordingRedelivery();
        ProvisioningService service = new ProvisioningService(users, metrics, redelivery, BACKOFF, Clock.fixed(now, ZoneOffset.UTC));

        Deadline deadline = Deadline.at(now.plusSeconds(10), Clock.fixed(now, ZoneOffset.UTC));
        service.process(List.of(delivered("m1", "sub-a", 1), delivered("m2", "sub-bad", 1)), deadline);
        users.rejectSub = null;
        users.failAllWith = new DatabaseUnavailableException("timed out", "57014", null);
        service.process(List.of(delivered("m3", "sub-c", 1)), deadline);

        assertThat(users.timeouts).hasSize(4).containsOnly(Duration.ofSeconds(10).minus(Reserves.CONSUMER_DATABASE));
        assertThat(redelivery.deadlines).containsExactly(now.plusSeconds(10).minus(Reserves.CONSUMER_ANSWER));
    }

    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:user-confirmed";
    private static final OutageBackoff BACKOFF = new OutageBackoff(Duration.ofSeconds(10), 3, Duration.ofSeconds(600));

    private static InboundMessage delivered(String id, String sub, int receiveCount) {
        InboundMessage m = message(id, sub);
        return new InboundMessage(id, m.body(), receiveCount, QUEUE, "r-" + id);
    }

    /** A {@link Redelivery} that postpones everything it is given and remembers what and until when. */
    private static final class RecordingRedelivery implements Redelivery {
        final List<Postponement> postponed = new ArrayList<>();
        final List<Instant> deadlines = new ArrayList<>();

        @Override
        public Set<String> postpone(List<Postponement> postponements, Deadline deadline) {
            postponed.addAll(postponements);
            deadlines.add(deadline.instant());
            return Set.of();
        }
    }

    private static InboundMessage message(String id, String sub) {
        UserConfirmed user = new UserConfirmed("eu-west-1_Pool", sub, "u-" + sub, null, false, null,
                "PostConfirmation_ConfirmSignUp", Instant.parse("2026-11-26T10:00:00Z"));
        return new InboundMessage(id, UserConfirmedMessage.toJson(user), 1);
    }

    /** An in-memory {@link AppUsers} for unit tests of the service's error policy. */
    private static final class FakeAppUsers implements AppUsers {
        final List<List<NewAppUser>> calls = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        final Set<String> created = new HashSet<>();
        final Map<String, UUID> ids = new LinkedHashMap<>();
        DataAccessException failAllWith;
        String rejectSub;

        @Override
        public List<ProvisionedUser> provision(List<NewAppUser> batch, Deadline deadline) {
            if (deadline.isBounded()) {
                timeouts.add(deadline.left());
            }
            calls.add(List.copyOf(batch));
            if (failAllWith != null) {
                throw failAllWith;
            }
            if (rejectSub != null && batch.stream().anyMatch(u -> u.sub().equals(rejectSub))) {
                throw new DataAccessException("check constraint violated", "23514", false, null);
            }
            List<ProvisionedUser> result = new ArrayList<>();
            for (NewAppUser u : batch) {
                boolean isNew = !ids.containsKey(u.sub());
                UUID id = ids.computeIfAbsent(u.sub(), s -> UUID.randomUUID());
                if (isNew) {
                    created.add(u.sub());
                }
                result.add(new ProvisionedUser(u.sub(), id, isNew));
            }
            return result;
        }
    }
}
