package io.cognitosuite.tools.support.reconcile;

import io.cognitosuite.core.domain.DirectoryPage;
import io.cognitosuite.core.domain.DirectoryUser;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.KnownAppUsers;
import io.cognitosuite.core.port.UserDirectory;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a user pool with {@code app_users}, page by page:
 *
 * <ol>
 *   <li>reads one page of the pool ({@link UserDirectory#page}: 60 users, backing off when throttled);</li>
 *   <li>leaves out users neither created nor modified since {@code --since} (Cognito cannot filter by date, so every
 *       page is still read);</li>
 *   <li>asks the database in one query which of the page's subs have a row ({@link KnownAppUsers#existing});</li>
 *   <li>for each user without one: a {@link #ELIGIBLE} and enabled user is provisioned, all of the page's in one
 *       transaction, through the path the provisioning consumer takes ({@link AppUsers#provision}: one row, one
 *       personal workspace, one {@code app_user.created} outbox event, nothing twice), or only counted in a dry run;
 *       any other user is reported under its state and not touched.</li>
 * </ol>
 *
 * <p><b>Disabled users.</b> A disabled user in an eligible state is skipped and reported as {@code DISABLED}: disabling
 * is an administrator's decision (offboarding, abuse), and provisioning would create a workspace and announce
 * {@code app_user.created} to every subscriber for someone the pool keeps out. If the user is enabled again, a later
 * run (or pre-token generation's lazy creation at their next sign-in) provisions them. Fails closed.
 *
 * <p><b>Resuming.</b> A page's writes are committed before the next page is read, so after page {@code n} the run can
 * stop and be resumed at page {@code n + 1}'s token. A run stops after the page in hand when {@code stopRequested}
 * says so (Ctrl-C), and at once when the pool or the database fails (after the adapter's own retries); the report
 * then gives the token of the page that did not finish. Resuming repeats at most that page, which provisioning
 * makes harmless.
 *
 * <p>A database refusal of one page's transaction for a data reason (not an outage) is retried user by user, as the
 * consumer does, so that one row the database rejects fails only that user.
 */
public final class ReconcileService {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);

    /** The states in which a user has finished signing up (or was created by an administrator) and should have a row. */
    public static final Set<String> ELIGIBLE = Set.of("CONFIRMED", "FORCE_CHANGE_PASSWORD");
    /** The state name under which disabled, otherwise eligible users are reported. */
    public static final String DISABLED = "DISABLED";

    /** Time for one page of the pool, throttling back-off included. */
    static final Duration PAGE_BUDGET = Duration.ofSeconds(60);
    /** Time for one page's database work. */
    static final Duration DATABASE_BUDGET = Duration.ofSeconds(30);

    private final UserDirectory directory;
    private final KnownAppUsers knownAppUsers;
    private final AppUsers appUsers;
    private final Clock clock;

    public ReconcileService(UserDirectory directory, KnownAppUsers knownAppUsers, AppUsers appUsers, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.knownAppUsers = Objects.requireNonNull(knownAppUsers, "knownAppUsers");
        this.appUsers = Objects.requireNonNull(appUsers, "appUsers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs to the last page, until {@code stopRequested} is true between pages, or until a failure.
     * Never throws for a failure of the pool or the database: the report says where to resume.
     */
    public ReconcileReport run(ReconcileRequest request, ReconcileListener listener, BooleanSupplier stopRequested) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stopRequested, "stopRequested");
        ReconcileTally tally = new ReconcileTally();
        String token = request.resumeToken();
        int pages = 0;
        while (true) {
            if (stopRequested.getAsBoolean()) {
                LOG.info("reconcile stopped on request after {} page(s)", pages);
                return new ReconcileReport(ReconcileReport.Outcome.INTERRUPTED, tally, pages, token, null);
            }
            DirectoryPage page;
            try {
                page = directory.page(request.userPoolId(), token, Deadline.after(PAGE_BUDGET, clock));
                reconcile(request, page.users(), tally, listener);
            } catch (UserPoolUnavailableException | DataAccessException e) {
                // The pool's message is ours (an API and an error code). The database's carries the driver's first
                // line, which can name a host, a role or a value: only a sentence of ours with the SQL state goes on.
                String failure = e instanceof DataAccessException data ? describe(data) : e.getMessage();
                LOG.warn("reconcile stopped by a failure on page {}: {}", pages + 1, failure);
                return new ReconcileReport(ReconcileReport.Outcome.FAILED, tally, pages, token, failure);
            }
            pages++;
            token = page.nextToken();
            listener.pageDone(pages, page.users().size(), token, tally);
            if (token == null) {
                return new ReconcileReport(ReconcileReport.Outcome.COMPLETED, tally, pages, null, null);
            }
        }
    }

    private void reconcile(ReconcileRequest request, List<DirectoryUser> users, ReconcileTally tally,
                           ReconcileListener listener) {
        tally.countScanned(users.size());
        List<DirectoryUser> compared = new ArrayList<>();
        for (DirectoryUser user : users) {
            if (request.since() != null && !changedSince(user, request.since())) {
                tally.countOutsideSince();
            } else {
                compared.add(user);
            }
        }
        List<String> subs = compared.stream().map(DirectoryUser::sub).filter(Objects::nonNull).toList();
        Set<String> existing = knownAppUsers.existing(subs, Deadline.after(DATABASE_BUDGET, clock));

        Map<String, NewAppUser> toProvision = new LinkedHashMap<>();
        Map<String, DirectoryUser> bySub = new LinkedHashMap<>();
        for (DirectoryUser user : compared) {
            if (user.sub() != null && existing.contains(user.sub())) {
                tally.countPresent();
                continue;
            }
            tally.countMissing();
            String skippedAs = skippedState(user);
            if (skippedAs != null) {
                tally.countSkipped(skippedAs);
                listener.user(new UserOutcome(user, UserOutcome.Action.SKIPPED, DISABLED.equals(skippedAs)
                        ? "disabled in the pool: not provisioned" : "state " + skippedAs + " is not provisioned"));
            } else if (user.sub() == null) {
                tally.countFailed();
                listener.user(new UserOutcome(user, UserOutcome.Action.FAILED, "the pool returned no sub"));
            } else {
                try {
                    toProvision.put(user.sub(), new NewAppUser(request.userPoolId(), user.sub(), user.username(),
                            user.email(), user.emailVerified(), null));
                    bySub.put(user.sub(), user);
                } catch (InvalidUserConfirmedException e) {
                    // The message names the rule the value breaks, never the value.
                    tally.countFailed();
                    listener.user(new UserOutcome(user, UserOutcome.Action.FAILED, e.getMessage()));
                }
            }
        }
        if (toProvision.isEmpty()) {
            return;
        }
        if (request.dryRun()) {
            bySub.values().forEach(user -> {
                tally.countWouldProvision();
                listener.user(new UserOutcome(user, UserOutcome.Action.WOULD_PROVISION, null));
            });
            return;
        }
        provision(List.copyOf(toProvision.values()), bySub, tally, listener);
    }

    /** One transaction for the page; on a data refusal, one per user, so that one bad row fails only its user. */
    private void provision(List<NewAppUser> users, Map<String, DirectoryUser> bySub, ReconcileTally tally,
                           ReconcileListener listener) {
        try {
            record(appUsers.provision(users, Deadline.after(DATABASE_BUDGET, clock)), bySub, tally, listener);
        } catch (DataAccessException e) {
            if (e.isTransient()) {
                throw e;
            }
            LOG.warn("the database refused a page of users (SQL state {}), provisioning them one by one", e.sqlState());
            for (NewAppUser user : users) {
                try {
                    record(appUsers.provision(List.of(user), Deadline.after(DATABASE_BUDGET, clock)), bySub, tally, listener);
                } catch (DataAccessException single) {
                    if (single.isTransient()) {
                        throw single;
                    }
                    tally.countFailed();
                    listener.user(new UserOutcome(bySub.get(user.sub()), UserOutcome.Action.FAILED,
                            "the database refused the row (SQL state " + single.sqlState() + ")"));
                }
            }
        }
    }

    private static void record(List<ProvisionedUser> provisioned, Map<String, DirectoryUser> bySub, ReconcileTally tally,
                               ReconcileListener listener) {
        for (ProvisionedUser p : provisioned) {
            if (p.created()) {
                tally.countProvisioned();
                listener.user(new UserOutcome(bySub.get(p.sub()), UserOutcome.Action.PROVISIONED, null));
            } else {
                // Created by the consumer (or a token request) between our query and our insert: present after all.
                tally.countPresent();
                tally.countNoLongerMissing();
            }
        }
    }

    /** The state a missing user is skipped under, {@code null} when it is to be provisioned. */
    private static String skippedState(DirectoryUser user) {
        if (!ELIGIBLE.contains(user.status())) {
            return user.status();
        }
        return user.enabled() ? null : DISABLED;
    }

    /**
     * A user the pool gives no time for is compared rather than left out: comparing costs one sub in the page's query
     * and provisioning is idempotent, while leaving it out could leave it without a row.
     */
    private static boolean changedSince(DirectoryUser user, Instant since) {
        Instant changed = user.lastChangedAt();
        return changed == null || !changed.isBefore(since);
    }

    /** A database failure as reconcile reports it: a fixed sentence, the SQL state and, if ours, the constraint. */
    static String describe(DataAccessException e) {
        return "the database " + (e instanceof io.cognitosuite.core.port.DatabaseUnavailableException
                ? "was unavailable or did not answer in time" : e.isTransient() ? "failed (transient)" : "refused the write")
                + " (SQL state " + (e.sqlState() == null ? "none" : e.sqlState())
                + (e.constraint() == null ? "" : ", constraint " + e.constraint()) + ")";
    }
}
