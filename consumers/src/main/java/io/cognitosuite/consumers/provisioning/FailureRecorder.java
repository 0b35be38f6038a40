package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.ProvisioningFailures;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes why the consumer failed messages ({@link ProvisioningFailures}, where support reads it) and marks a key's
 * failures resolved once a later delivery provisions its user. Recording is a by-product of a batch: it never
 * changes the batch's outcome and never throws.
 *
 * <p>Bounded: the writes of one batch (one statement for the failures, one for the resolutions, each only when there
 * is something to write) share {@link #WRITE_BUDGET}, and end {@link Reserves#CONSUMER_DATABASE} before the
 * function's deadline like all the consumer's database work.
 *
 * <p>When the database is unavailable the records cannot be written then: they wait in a pending list of this
 * recorder (one per execution environment, as the composition root builds one per function instance), at most
 * {@link #MAX_PENDING} keys of failures and as many resolutions, merged by key, the oldest dropped first, and are
 * written with their original times at the next batch that reaches the database (by then another container may have
 * provisioned the user and resolved a key that had no row yet: the store records a failure of a present user
 * resolved, {@link ProvisioningFailures#record}). A container that ends loses its
 * pending records; its log lines still say why each message failed, and support's {@code dlq peek} re-validates bodies.
 * Synchronized: Lambda runs one batch at a time per container; the lock only keeps the pending list whole if a caller
 * ever runs batches side by side.
 */
public final class FailureRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);

    /** The most keys of failures (and, apart, of resolutions) held while the database is unavailable. */
    public static final int MAX_PENDING = 500;
    /**
     * What the recording of one batch may take at most, unless the pool needs longer to open its first connection
     * ({@link #budgetFor}): short, so that a hung database holds a batch of invalid messages (which do not touch the
     * database otherwise) for seconds, not for the whole function timeout.
     */
    public static final Duration WRITE_BUDGET = Duration.ofSeconds(2);
    /** Beyond the pool's connect and validation timeouts: time for the statement itself. */
    static final Duration STATEMENT_MARGIN = Duration.ofMillis(500);

    /** Records nothing: for tests of the service alone. */
    static final FailureRecorder NONE = new FailureRecorder(new ProvisioningFailures() {
        @Override
        public void record(Collection<ProvisioningFailure> failures, Deadline deadline) {
        }

        @Override
        public int resolve(Collection<String> idempotencyKeys, Instant at, Deadline deadline) {
            return 0;
        }

        @Override
        public List<ProvisioningFailure> findByKeys(Collection<String> failureKeys, Deadline deadline) {
            return List.of();
        }

        @Override
        public List<ProvisioningFailure> findBySub(String cognitoSub, Deadline deadline) {
            return List.of();
        }
    }, Clock.systemUTC());

    private final ProvisioningFailures store;
    private final Duration writeBudget;
    private final Clock clock;
    /** Failures not yet written, by key, oldest first. */
    private final LinkedHashMap<String, ProvisioningFailure> pendingFailures = new LinkedHashMap<>();
    /** Keys whose user was provisioned, not yet written, with when; oldest first. */
    private final LinkedHashMap<String, Instant> pendingResolutions = new LinkedHashMap<>();

    public FailureRecorder(ProvisioningFailures store, Clock clock) {
        this(store, WRITE_BUDGET, clock);
    }

    /** @param writeBudget what the recording of one batch may take at most ({@link #budgetFor} for a pool) */
    public FailureRecorder(ProvisioningFailures store, Duration writeBudget, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.writeBudget = Objects.requireNonNull(writeBudget, "writeBudget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The write budget for a pool that may have to open a connection first: {@link #WRITE_BUDGET}, or its connect
     * plus validation timeout and {@link #STATEMENT_MARGIN} when that is longer. (The database refuses a call that has
     * less time than its connect timeout while no connection is idle; with the template's 3 s connect timeout a 2 s
     * budget would record nothing for a batch of only invalid messages on a cold pool.)
     */
    public static Duration budgetFor(Duration connectTimeout, Duration validationTimeout) {
        Duration needed = connectTimeout.plus(validationTimeout).plus(STATEMENT_MARGIN);
        return needed.compareTo(WRITE_BUDGET) > 0 ? needed : WRITE_BUDGET;
    }

    /**
     * After a batch: takes its failures and the idempotency keys it provisioned, and writes them with what is pending,
     * unless the batch found the database unavailable (then it tries nothing: they wait for the next batch). A new
     * failure of a key cancels a pending resolution of it (the failure is newer); a key both failed and provisioned in
     * one batch ends resolved (its user exists).
     *
     * @param failures            this batch's failures
     * @param provisionedKeys     idempotency keys whose user this batch created or found present
     * @param databaseUnavailable whether the batch's own database work found the database unavailable
     * @param functionDeadline    the function's deadline ({@link Deadline#none} when there is none)
     */
    public synchronized void afterBatch(Collection<ProvisioningFailure> failures, Collection<String> provisionedKeys,
                                        boolean databaseUnavailable, Deadline functionDeadline) {
        try {
            Instant now = clock.instant();
            int dropped = 0;
            for (ProvisioningFailure failure : failures) {
                pendingResolutions.remove(failure.failureKey());
                dropped += keep(failure);
            }
            for (String key : provisionedKeys) {
                pendingResolutions.remove(key);
                pendingResolutions.put(key, now);
                dropped += trim(pendingResolutions);
            }
            if (dropped > 0) {
                LOG.warn("failure records: {} pending records dropped, the pending list holds at most {} keys", dropped,
                        MAX_PENDING);
            }
            if (databaseUnavailable) {
                if (!pendingFailures.isEmpty()) {
                    LOG.warn("failure records: database unavailable; {} failures and {} resolutions kept pending until a "
                            + "batch reaches the database", pendingFailures.size(), pendingResolutions.size());
                }
                return;
            }
            write(Deadline.within(functionDeadline.minus(Reserves.CONSUMER_DATABASE), writeBudget));
        } catch (RuntimeException e) {
            // Never the batch's business: its outcome is decided.
            LOG.warn("failure records: recording failed unexpectedly ({}); {} failures kept pending",
                    e.getClass().getSimpleName(), pendingFailures.size());
        }
    }

    /** How many failures and resolutions wait for the database (for tests and logs). */
    synchronized int pending() {
        return pendingFailures.size() + pendingResolutions.size();
    }

    private int keep(ProvisioningFailure failure) {
        ProvisioningFailure known = pendingFailures.remove(failure.failureKey());
        // Re-inserted, so that the list stays in order of the last failure and the oldest goes first.
        pendingFailures.put(failure.failureKey(), known == null ? failure : known.mergedWith(failure));
        return trim(pendingFailures);
    }

    private static int trim(LinkedHashMap<String, ?> pending) {
        int dropped = 0;
        Iterator<String> oldest = pending.keySet().iterator();
        while (pending.size() > MAX_PENDING && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
            dropped++;
        }
        return dropped;
    }

    private void write(Deadline deadline) {
        if (pendingFailures.isEmpty() && pendingResolutions.isEmpty()) {
            return;
        }
        if (deadline.isOver()) {
            LOG.warn("failure records: no time left; {} failures and {} resolutions kept pending",
                    pendingFailures.size(), pendingResolutions.size());
            return;
        }
        int written = 0;
        if (!pendingFailures.isEmpty()) {
            List<ProvisioningFailure> failures = new ArrayList<>(pendingFailures.values());
            try {
                store.record(failures, deadline);
            } catch (DataAccessException e) {
                // The resolutions wait too: written before the failures they follow, they would be reopened.
                LOG.warn("failure records: writing {} failures failed ({}, SQL state {}); they and {} resolutions are "
                        + "kept pending", failures.size(), e.getClass().getSimpleName(), e.sqlState(),
                        pendingResolutions.size());
                return;
            }
            pendingFailures.clear();
            written = failures.size();
        }
        int resolved = 0;
        int resolutions = pendingResolutions.size();
        if (resolutions > 0) {
            // One statement per moment of success; a batch that reaches the database has one (its own).
            Map<Instant, List<String>> byMoment = new TreeMap<>();
            pendingResolutions.forEach((key, at) -> byMoment.computeIfAbsent(at, k -> new ArrayList<>()).add(key));
            for (Map.Entry<Instant, List<String>> moment : byMoment.entrySet()) {
                try {
                    resolved += store.resolve(moment.getValue(), moment.getKey(), deadline);
                } catch (DataAccessException e) {
                    LOG.warn("failure records: resolving {} keys failed ({}, SQL state {}); kept pending",
                            pendingResolutions.size(), e.getClass().getSimpleName(), e.sqlState());
                    break;
                }
                moment.getValue().forEach(pendingResolutions::remove);
            }
        }
        if (written > 0 || resolved > 0 || !pendingResolutions.isEmpty()) {
            LOG.info("failure records: {} failures written, {} resolved, {} resolutions pending", written, resolved,
                    pendingResolutions.size());
        }
    }
}
