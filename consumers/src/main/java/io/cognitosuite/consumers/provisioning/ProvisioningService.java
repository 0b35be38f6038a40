package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.contract.UserConfirmedMessage.NamedUser;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.Postponement;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.core.port.Redelivery;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions the users of a batch of {@code user.confirmed} messages.
 *
 * <ol>
 *   <li>Each message is parsed and validated; an invalid one is a permanent failure: it is reported
 *       failed (so it reaches the dead-letter queue after the redrive policy's receive count) and the
 *       log says why. It never fails its neighbours.</li>
 *   <li>Valid messages are grouped by user ({@code sub}, the key of {@code app_users}), so copies inside one batch
 *       become one write, and all users are written in one transaction.</li>
 *   <li>If that transaction fails because the database is unavailable, every valid message is
 *       reported failed and SQS redelivers them. If it fails for a data reason, each user is retried in
 *       a transaction of its own so that one bad row fails only its own messages.</li>
 *   <li>Messages that failed because the database was unavailable (down, hung, too slow) have their next
 *       delivery postponed by the {@link OutageBackoff}, so that an outage does not use up their receive budget
 *       at the queue's fixed pace. They are reported failed all the same; poison and data errors are not
 *       postponed and reach the dead-letter queue at the queue's pace.</li>
 *   <li>Every failed message is recorded with its {@link FailureReason} through the {@link FailureRecorder}, and
 *       the keys of the users provisioned (created or found present) are resolved, after the outcome is decided and
 *       without changing it. See the README, "Failure records".</li>
 * </ol>
 *
 * <p>Every database call ends {@link Reserves#CONSUMER_DATABASE} before the function's deadline, whatever the database
 * does (a hard deadline, {@link AppUsers#provision(List, Deadline)}), so the batch response always goes out.
 */
public final class ProvisioningService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);

    /** A user-by-user retry is not started with less database time left than this; its users fail for redelivery. */
    static final Duration MINIMUM_RETRY = Duration.ofMillis(1500);

    private final AppUsers appUsers;
    private final Metrics metrics;
    private final Redelivery redelivery;
    private final OutageBackoff backoff;
    private final FailureRecorder failureRecorder;
    private final Clock clock;

    /** A service that records no failures: for tests of the service alone. */
    public ProvisioningService(AppUsers appUsers, Metrics metrics, Redelivery redelivery, OutageBackoff backoff,
                               Clock clock) {
        this(appUsers, metrics, redelivery, backoff, FailureRecorder.NONE, clock);
    }

    public ProvisioningService(AppUsers appUsers, Metrics metrics, Redelivery redelivery, OutageBackoff backoff,
                               FailureRecorder failureRecorder, Clock clock) {
        this.appUsers = Objects.requireNonNull(appUsers, "appUsers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.redelivery = Objects.requireNonNull(redelivery, "redelivery");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.failureRecorder = Objects.requireNonNull(failureRecorder, "failureRecorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Processes the batch; database work ends {@link Reserves#CONSUMER_DATABASE} before the deadline (the function's own timeout),
     * and user-by-user retries are not started with less than {@link #MINIMUM_RETRY} left, failing the users
     * not tried, so the batch still answers in time.
     */
    public BatchOutcome process(List<InboundMessage> messages, Deadline deadline) {
        long start = System.nanoTime();
        Failures failures = new Failures(clock.instant());
        Map<String, UserGroup> groups = new LinkedHashMap<>();
        int invalid = 0;
        for (InboundMessage message : messages) {
            try {
                UserConfirmed user = UserConfirmedMessage.fromJson(message.body());
                // Grouped by sub, the key of app_users: copies of one user become one write.
                groups.computeIfAbsent(user.sub(), k -> new UserGroup(user)).messages.add(message);
            } catch (InvalidMessageException | RuntimeException e) {
                invalid++;
                // The contract's reason is fixed text naming the field and rule, never the value.
                failures.invalid(message, e instanceof InvalidMessageException ? e.getMessage() : FailureDetails.unreadable(
                        (RuntimeException) e));
                LOG.error("permanent failure: message {} is invalid ({}); delivery {} - it goes to the dead-letter "
                        + "queue once the redrive policy's receive count is reached", message.messageId(),
                        e instanceof InvalidMessageException ? e.getMessage() : "unreadable: " + e.getClass().getSimpleName(),
                        message.receiveCount());
            }
        }

        int provisioned = 0;
        int present = 0;
        List<String> provisionedKeys = new ArrayList<>();
        if (!groups.isEmpty()) {
            List<ProvisionedUser> results = writeAll(groups, failures, deadline);
            for (ProvisionedUser r : results) {
                if (r.created()) {
                    provisioned++;
                } else {
                    present++;
                }
                UserGroup group = groups.get(r.sub());
                if (group != null) {
                    provisionedKeys.add(group.user.idempotencyKey());
                }
            }
        }
        int postponed = postpone(failures.unavailable, deadline);
        BatchOutcome outcome = new BatchOutcome(failures.failed, provisioned, present, invalid, postponed);
        metrics.publish(MetricSet.builder()
                .dimension("Consumer", "UserProvisioning")
                .count("MessagesConsumed", messages.size())
                .count("MessagesFailed", failures.failed.size())
                .count("MessagesPostponed", postponed)
                .count("UsersProvisioned", provisioned)
                .millis("BatchLatency", (System.nanoTime() - start) / 1_000_000.0)
                .build());
        LOG.info("batch of {} messages: {} users provisioned, {} already present, {} invalid, {} failed, {} postponed",
                messages.size(), provisioned, present, invalid, failures.failed.size(), postponed);
        // Last, so that nothing after it can fail the batch and record its messages a second time (as unexpected).
        failureRecorder.afterBatch(failures.records, provisionedKeys, failures.databaseUnavailable, deadline);
        return outcome;
    }

    /**
     * Records that a whole batch failed unexpectedly (the caller reports every message failed). Each message is keyed
     * as {@link UserConfirmedMessage#failureKey} keys it. Never throws.
     *
     * @param requestId the invocation's request id, named in the detail when it looks like one
     */
    public void failedUnexpectedly(List<InboundMessage> messages, RuntimeException failure, String requestId,
                                   Deadline deadline) {
        try {
            Instant now = clock.instant();
            String detail = FailureDetails.unexpected(failure, requestId);
            List<ProvisioningFailure> records = messages.stream()
                    .map(m -> Failures.record(m, UserConfirmedMessage.namedUser(m.body()).orElse(null),
                            FailureReason.UNEXPECTED, detail, now))
                    .toList();
            failureRecorder.afterBatch(records, List.of(), false, deadline);
        } catch (RuntimeException e) {
            LOG.warn("failure records: the unexpected failure of {} messages could not be recorded ({})", messages.size(),
                    e.getClass().getSimpleName());
        }
    }

    private List<ProvisionedUser> writeAll(Map<String, UserGroup> groups, Failures failures, Deadline deadline) {
        List<NewAppUser> users = groups.values().stream().map(g -> NewAppUser.from(g.user)).toList();
        Deadline database = deadline.minus(Reserves.CONSUMER_DATABASE);
        if (database.isOver()) {
            // Our own clock ran out, not the database: the messages come back at the queue's pace.
            LOG.warn("no time left before the function's deadline; all {} messages will be redelivered",
                    countMessages(groups));
            groups.values().forEach(g -> failures.fail(g, FailureReason.OUT_OF_TIME, FailureDetails.OUT_OF_TIME_BATCH));
            return List.of();
        }
        try {
            return appUsers.provision(users, database);
        } catch (DataAccessException e) {
            if (e.isTransient() || groups.size() == 1) {
                LOG.error("could not provision {} users ({}); all {} of their messages will be redelivered",
                        groups.size(), e.getMessage(), countMessages(groups), e);
                groups.values().forEach(g -> failures.fail(g, e));
                return List.of();
            }
            LOG.warn("batch transaction failed ({}); retrying each user on its own", e.getMessage());
            return writeOneByOne(groups, failures, database);
        }
    }

    private List<ProvisionedUser> writeOneByOne(Map<String, UserGroup> groups, Failures failures, Deadline database) {
        List<ProvisionedUser> results = new ArrayList<>();
        for (UserGroup group : groups.values()) {
            if (!database.hasLeft(MINIMUM_RETRY)) {
                LOG.warn("function deadline near: sub {} not tried; its messages {} will be redelivered",
                        group.user.sub(), group.messageIds());
                failures.fail(group, FailureReason.OUT_OF_TIME, FailureDetails.OUT_OF_TIME_ALONE);
                continue;
            }
            try {
                results.addAll(appUsers.provision(List.of(NewAppUser.from(group.user)), database));
            } catch (DataAccessException e) {
                LOG.error("could not provision sub {} ({}, {}); its messages {} will be redelivered", group.user.sub(),
                        e.getMessage(), e.isTransient() ? "transient" : "permanent", group.messageIds(), e);
                failures.fail(group, e);
            }
        }
        return results;
    }

    /** Postpones what failed because the database was unavailable; returns how many were postponed. */
    private int postpone(List<InboundMessage> unavailable, Deadline deadline) {
        List<Postponement> postponements = new ArrayList<>();
        int cannot = 0;
        for (InboundMessage m : unavailable) {
            if (m.canBePostponed()) {
                postponements.add(new Postponement(m.messageId(), m.source(), m.receipt(),
                        backoff.delayAfter(m.receiveCount())));
            } else {
                cannot++;
            }
        }
        if (cannot > 0) {
            LOG.warn("{} messages not postponed: their delivery names no queue or receipt handle", cannot);
        }
        if (postponements.isEmpty()) {
            return 0;
        }
        Deadline until = deadline.isBounded() ? deadline.minus(Reserves.CONSUMER_ANSWER)
                : Deadline.after(Reserves.CONSUMER_DATABASE, clock);
        Set<String> notPostponed;
        try {
            notPostponed = redelivery.postpone(postponements, until);
        } catch (RuntimeException e) {
            // Postponing never decides an outcome: the messages are failed either way and come back at the queue's pace.
            LOG.warn("postponing {} messages failed ({}); they come back at the queue's own pace", postponements.size(),
                    e.getClass().getSimpleName());
            return 0;
        }
        int postponed = postponements.size() - notPostponed.size();
        if (postponed > 0) {
            LOG.info("database unavailable: next delivery of {} messages postponed by {} to {} s", postponed,
                    postponements.stream().mapToLong(p -> p.delay().toSeconds()).min().orElse(0),
                    postponements.stream().mapToLong(p -> p.delay().toSeconds()).max().orElse(0));
        }
        return postponed;
    }

    private static int countMessages(Map<String, UserGroup> groups) {
        return groups.values().stream().mapToInt(g -> g.messages.size()).sum();
    }

    /**
     * The batch's failed message ids, which of their messages failed because the database was unavailable, and the
     * failure record of each.
     */
    private static final class Failures {
        final Instant seenAt;
        final List<String> failed = new ArrayList<>();
        final List<InboundMessage> unavailable = new ArrayList<>();
        final List<ProvisioningFailure> records = new ArrayList<>();
        boolean databaseUnavailable;

        Failures(Instant seenAt) {
            this.seenAt = seenAt;
        }

        /**
         * A body that breaks the contract. Keyed by the user's idempotency key when the body still names one (its pool
         * id and sub pass their own rules), so that support finds it by sub and a later good delivery resolves it;
         * else by the message id.
         */
        void invalid(InboundMessage message, String detail) {
            failed.add(message.messageId());
            records.add(record(message, UserConfirmedMessage.namedUser(message.body()).orElse(null),
                    FailureReason.INVALID_MESSAGE, detail, seenAt));
        }

        /** The group's messages failed on the database: which reason, and whether their next delivery is postponed. */
        void fail(UserGroup group, DataAccessException e) {
            if (e instanceof DatabaseUnavailableException) {
                databaseUnavailable = true;
                unavailable.addAll(group.messages);
                fail(group, FailureReason.DATABASE_UNAVAILABLE, FailureDetails.unavailable(e));
            } else if (e.isTransient()) {
                fail(group, FailureReason.DATABASE_UNAVAILABLE, FailureDetails.conflict(e));
            } else {
                fail(group, FailureReason.DATABASE_REJECTED, FailureDetails.rejected(e));
            }
        }

        void fail(UserGroup group, FailureReason reason, String detail) {
            NamedUser user = new NamedUser(group.user.userPoolId(), group.user.sub());
            for (InboundMessage m : group.messages) {
                failed.add(m.messageId());
                records.add(record(m, user, reason, detail, seenAt));
            }
        }

        static ProvisioningFailure record(InboundMessage message, NamedUser user, FailureReason reason, String detail,
                                          Instant at) {
            return ProvisioningFailure.seen(user == null ? null : user.idempotencyKey(), user == null ? null : user.sub(),
                    message.messageId(), reason, detail, message.receiveCount(), at);
        }
    }

    private static final class UserGroup {
        final UserConfirmed user;
        final List<InboundMessage> messages = new ArrayList<>();

        UserGroup(UserConfirmed user) {
            this.user = user;
        }

        List<String> messageIds() {
            return messages.stream().map(InboundMessage::messageId).toList();
        }
    }
}
