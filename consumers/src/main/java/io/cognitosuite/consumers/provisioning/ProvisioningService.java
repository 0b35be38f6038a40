package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.common.contract.InvalidMessageException;
import io.cognitosuite.common.contract.UserConfirmedMessage;
import io.cognitosuite.common.db.DataAccessException;
import io.cognitosuite.common.domain.NewAppUser;
import io.cognitosuite.common.domain.ProvisionedUser;
import io.cognitosuite.common.domain.UserConfirmed;
import io.cognitosuite.common.observability.MetricSet;
import io.cognitosuite.common.port.AppUsers;
import io.cognitosuite.common.port.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * </ol>
 */
public final class ProvisioningService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);

    /** Time kept back before the function's deadline: a user-by-user retry is not started later than this. */
    static final Duration STOP_BEFORE_DEADLINE = Duration.ofSeconds(3);

    private final AppUsers appUsers;
    private final Metrics metrics;
    private final Clock clock;

    public ProvisioningService(AppUsers appUsers, Metrics metrics) {
        this(appUsers, metrics, Clock.systemUTC());
    }

    public ProvisioningService(AppUsers appUsers, Metrics metrics, Clock clock) {
        this.appUsers = Objects.requireNonNull(appUsers, "appUsers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Processes the batch with no deadline of its own (the statement and connect timeouts still apply). */
    public BatchOutcome process(List<InboundMessage> messages) {
        return process(messages, Instant.MAX);
    }

    /**
     * Processes the batch; user-by-user retries stop {@link #STOP_BEFORE_DEADLINE} before the deadline
     * (the function's own timeout), failing the users not tried, so the batch still answers in time.
     */
    public BatchOutcome process(List<InboundMessage> messages, Instant deadline) {
        long start = System.nanoTime();
        List<String> failed = new ArrayList<>();
        Map<String, UserGroup> groups = new LinkedHashMap<>();
        int invalid = 0;
        for (InboundMessage message : messages) {
            try {
                UserConfirmed user = UserConfirmedMessage.fromJson(message.body());
                // Grouped by sub, the key of app_users: copies of one user become one write.
                groups.computeIfAbsent(user.sub(), k -> new UserGroup(user)).messageIds.add(message.messageId());
            } catch (InvalidMessageException | RuntimeException e) {
                invalid++;
                failed.add(message.messageId());
                LOG.error("permanent failure: message {} is invalid ({}); delivery {} - it goes to the dead-letter "
                        + "queue once the redrive policy's receive count is reached", message.messageId(),
                        e instanceof InvalidMessageException ? e.getMessage() : "unreadable: " + e.getClass().getSimpleName(),
                        message.receiveCount());
            }
        }

        int provisioned = 0;
        int present = 0;
        if (!groups.isEmpty()) {
            List<ProvisionedUser> results = writeAll(groups, failed, deadline);
            for (ProvisionedUser r : results) {
                if (r.created()) {
                    provisioned++;
                } else {
                    present++;
                }
            }
        }
        BatchOutcome outcome = new BatchOutcome(failed, provisioned, present, invalid);
        metrics.publish(MetricSet.builder()
                .dimension("Consumer", "UserProvisioning")
                .count("MessagesConsumed", messages.size())
                .count("MessagesFailed", failed.size())
                .count("UsersProvisioned", provisioned)
                .millis("BatchLatency", (System.nanoTime() - start) / 1_000_000.0)
                .build());
        LOG.info("batch of {} messages: {} users provisioned, {} already present, {} invalid, {} failed",
                messages.size(), provisioned, present, invalid, failed.size());
        return outcome;
    }

    private List<ProvisionedUser> writeAll(Map<String, UserGroup> groups, List<String> failed, Instant deadline) {
        List<NewAppUser> users = groups.values().stream().map(g -> NewAppUser.from(g.user)).toList();
        try {
            return appUsers.provision(users);
        } catch (DataAccessException e) {
            if (e.isTransient() || groups.size() == 1) {
                LOG.error("could not provision {} users ({}); all {} of their messages will be redelivered",
                        groups.size(), e.getMessage(), countMessages(groups), e);
                groups.values().forEach(g -> failed.addAll(g.messageIds));
                return List.of();
            }
            LOG.warn("batch transaction failed ({}); retrying each user on its own", e.getMessage());
            return writeOneByOne(groups, failed, deadline);
        }
    }

    private List<ProvisionedUser> writeOneByOne(Map<String, UserGroup> groups, List<String> failed, Instant deadline) {
        List<ProvisionedUser> results = new ArrayList<>();
        Instant stopAt = deadline.equals(Instant.MAX) ? Instant.MAX : deadline.minus(STOP_BEFORE_DEADLINE);
        for (UserGroup group : groups.values()) {
            if (clock.instant().isAfter(stopAt)) {
                LOG.warn("function deadline near: sub {} not tried; its messages {} will be redelivered",
                        group.user.sub(), group.messageIds);
                failed.addAll(group.messageIds);
                continue;
            }
            try {
                results.addAll(appUsers.provision(List.of(NewAppUser.from(group.user))));
            } catch (DataAccessException e) {
                LOG.error("could not provision sub {} ({}, {}); its messages {} will be redelivered", group.user.sub(),
                        e.getMessage(), e.isTransient() ? "transient" : "permanent", group.messageIds, e);
                failed.addAll(group.messageIds);
            }
        }
        return results;
    }

    private static int countMessages(Map<String, UserGroup> groups) {
        return groups.values().stream().mapToInt(g -> g.messageIds.size()).sum();
    }

    private static final class UserGroup {
        final UserConfirmed user;
        final List<String> messageIds = new ArrayList<>();

        UserGroup(UserConfirmed user) {
            this.user = user;
        }
    }
}
