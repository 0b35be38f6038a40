package io.cognitosuite.tools.support.reconcile;

import io.cognitosuite.aws.cognito.CognitoUserDirectory;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcKnownAppUsers;
import io.cognitosuite.tools.support.AuditedAction;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.SupportSession;
import io.cognitosuite.tools.support.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cognito-suite reconcile}: {@link ReconcileService} with its options, its output, one audit row and Ctrl-C.
 *
 * <p>Ctrl-C (or SIGTERM) asks the run to stop after the page in hand; the command then prints where to resume,
 * completes the audit row as {@code interrupted} with that token, and the process exits 1. If the page in hand does
 * not finish within {@link #STOP_GRACE}, the token of that page is printed and recorded instead (resuming there repeats
 * it, which provisions nothing twice).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Compare a user pool with app_users and provision the confirmed users that have no row.")
public final class ReconcileCommand extends SupportCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileCommand.class);
    static final String ACTION = "reconcile";
    /** How long Ctrl-C waits for the page in hand before the process ends anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int MAX_TOKEN = 4096;

    @Option(names = "--user-pool-id", required = true, paramLabel = "POOL", description = "The pool, e.g. eu-west-1_Ab12Cd34E.")
    String userPoolId;

    @Option(names = "--dry-run", description = "Compare and report; write nothing (the run is still audited, as dry-run).")
    boolean dryRun;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only users created or modified since: a date "
            + "(2026-11-24), an instant (2026-11-24T10:00:00Z) or a duration (7d, 12h). Filtered here, not by Cognito: "
            + "every page is still read.")
    String since;

    @Option(names = "--resume", paramLabel = "TOKEN", description = "Start at this page: the token an interrupted run printed.")
    String resume;

    @Option(names = "--first-backoff-ms", paramLabel = "MS", defaultValue = "250", description = "The wait after the "
            + "first throttled call (TooManyRequestsException); it doubles, randomised, for up to 8 attempts. "
            + "Default ${DEFAULT-VALUE}.")
    long firstBackoffMs;

    ReconcileCommand(CliRuntime runtime) {
        super(runtime);
    }

    @Override
    protected int run(SupportSession session) throws Exception {
        ReconcileRequest request = request();
        CognitoUserDirectory directory = new CognitoUserDirectory(session.cognito(),
                CognitoUserDirectory.Retries.DEFAULT.withFirstBackoff(Duration.ofMillis(firstBackoffMs)));
        ReconcileService service = new ReconcileService(directory, new JdbcKnownAppUsers(session.database()),
                new JdbcAppUsers(session.database()), runtime.clock());

        ConsoleProgress progress = new ConsoleProgress(session, request.resumeToken());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        try (AuditedAction action = session.audited(ACTION, arguments(request))) {
            progress.header(request, action.requestId());
            action.onInterruptDetail(() -> {
                awaitQuietly(ended, STOP_GRACE);
                return "stopped (Ctrl-C or SIGTERM); " + resumeLine(progress.resumeFrom());
            });
            Thread onStop = new Thread(() -> stopped(stop, ended, action, progress, session.err()), "reconcile-stop");
            Runtime.getRuntime().addShutdownHook(onStop);
            try {
                ReconcileReport report = service.run(request, progress, stop::get);
                Map<String, Long> counts = counts(report, directory);
                counts.forEach(action::set);
                return finish(session, request, report, counts, action, progress);
            } finally {
                ended.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook is running and ends the process once this run has printed its end
                }
            }
        }
    }

    /** The shutdown hook: ask the run to stop, give the page in hand time to finish, then end the process with 1. */
    private static void stopped(AtomicBoolean stop, CountDownLatch ended, AuditedAction action, ConsoleProgress progress,
                                PrintStream err) {
        stop.set(true);
        if (!awaitQuietly(ended, STOP_GRACE)) {
            String line = resumeLine(progress.resumeFrom());
            action.interrupted("stopped (Ctrl-C or SIGTERM) in the middle of a page; " + line);
            err.println("interrupted in the middle of a page");
            err.println(line);
        }
        err.flush();
        // The run's end is printed and its audit row completed: exit 1, as for every run that did not finish.
        Runtime.getRuntime().halt(FAILED);
    }

    private int finish(SupportSession session, ReconcileRequest request, ReconcileReport report, Map<String, Long> counts,
                       AuditedAction action, ConsoleProgress progress) {
        String resumeLine = resumeLine(report.resumeToken());
        switch (report.outcome()) {
            case COMPLETED -> {
                if (report.tally().failed() > 0) {
                    action.failed(report.tally().failed() + " user(s) could not be provisioned (see the command's output)");
                } else {
                    action.succeeded(request.dryRun());
                }
            }
            case INTERRUPTED -> action.interrupted("stopped (Ctrl-C or SIGTERM); " + resumeLine);
            case FAILED -> action.failed(report.failure() + "; " + resumeLine);
        }
        String result = switch (report.outcome()) {
            case COMPLETED -> report.tally().failed() > 0 ? "failed" : request.dryRun() ? "dry-run" : "ok";
            case INTERRUPTED -> "interrupted";
            case FAILED -> "failed";
        };
        session.print(json(request, report, counts, result, action.requestId(), progress.users()),
                () -> summary(report, counts, result, action.requestId()));
        if (report.outcome() == ReconcileReport.Outcome.FAILED) {
            session.err().println("error: " + report.failure());
            session.err().println("hint: " + hint(request, report));
        }
        if (report.outcome() != ReconcileReport.Outcome.COMPLETED) {
            session.err().println(resumeLine);
        }
        LOG.info("reconcile {}: {} (request {}){}", result, counts, action.requestId(),
                report.outcome() == ReconcileReport.Outcome.COMPLETED ? "" : "; resume token " + report.resumeToken());
        return report.succeeded() ? OK : FAILED;
    }

    private ReconcileRequest request() {
        if (!UserConfirmed.USER_POOL_ID.matcher(userPoolId).matches() || userPoolId.length() > 55) {
            throw new UsageException("--user-pool-id is not a Cognito user pool id", "e.g. --user-pool-id eu-west-1_Ab12Cd34E");
        }
        if (resume != null && (resume.isBlank() || resume.length() > MAX_TOKEN
                || resume.codePoints().anyMatch(Character::isISOControl))) {
            throw new UsageException("--resume must be the token a run printed",
                    "copy it from the line 'resume with: --resume ...', or run without --resume");
        }
        if (firstBackoffMs < 1 || firstBackoffMs > 60_000) {
            throw new UsageException("--first-backoff-ms must be 1 to 60000", "e.g. --first-backoff-ms 500");
        }
        Instant sinceInstant = SinceOption.parse(since, runtime.clock());
        return new ReconcileRequest(userPoolId, dryRun, sinceInstant, resume);
    }

    /** The audit row's arguments: the options as given (no PII among them). */
    private Map<String, String> arguments(ReconcileRequest request) {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("userPoolId", request.userPoolId());
        arguments.put("dryRun", Boolean.toString(request.dryRun()));
        if (request.since() != null) {
            arguments.put("since", request.since().toString());
        }
        if (request.resumeToken() != null) {
            arguments.put("resume", request.resumeToken());
        }
        return arguments;
    }

    private static Map<String, Long> counts(ReconcileReport report, CognitoUserDirectory directory) {
        Map<String, Long> counts = new LinkedHashMap<>(report.tally().asMap());
        counts.put("pages", (long) report.pages());
        counts.put("throttled", directory.throttledCalls());
        return counts;
    }

    static String resumeLine(String token) {
        return token == null ? "resume with: (no page finished) run again without --resume"
                : "resume with: --resume " + token;
    }

    private static String hint(ReconcileRequest request, ReconcileReport report) {
        if (report.failure() != null && report.failure().startsWith("ListUsers failed: InvalidParameterException")
                && request.resumeToken() != null && report.pages() == 0) {
            return "a --resume token is only good for the same pool and for a while: run again without --resume "
                    + "(provisioning is idempotent, nothing is created twice)";
        }
        if (report.failure() != null && report.failure().startsWith("ListUsers failed")) {
            return "the user pool API failed after its retries: check AWS_REGION, the credentials (cognito-idp:ListUsers) "
                    + "and AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, then resume";
        }
        return "is the database in DATABASE_URL up and reachable? then resume";
    }

    private static String summary(ReconcileReport report, Map<String, Long> counts, String result, String requestId) {
        ReconcileTally t = report.tally();
        StringBuilder text = new StringBuilder();
        text.append("scanned ").append(t.scanned());
        if (t.outsideSince() > 0) {
            text.append(", outside --since ").append(t.outsideSince());
        }
        text.append(", present ").append(t.present())
                .append(", missing ").append(t.missing())
                .append(", provisioned ").append(t.provisioned());
        if (t.wouldProvision() > 0) {
            text.append(", would provision ").append(t.wouldProvision());
        }
        text.append(", skipped ").append(t.skipped());
        if (!t.skippedByState().isEmpty()) {
            text.append(t.skippedByState().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")")));
        }
        text.append(", failed ").append(t.failed());
        text.append("\n").append(report.pages()).append(" page(s), throttled ").append(counts.get("throttled"))
                .append(" time(s); result ").append(result).append(" (request ").append(requestId).append(")");
        return text.toString();
    }

    private static Map<String, Object> json(ReconcileRequest request, ReconcileReport report, Map<String, Long> counts,
                                     String result, String requestId, List<Map<String, Object>> users) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userPoolId", request.userPoolId());
        json.put("dryRun", request.dryRun());
        json.put("result", result);
        json.put("counts", counts);
        json.put("skippedByState", report.tally().skippedByState());
        json.put("resumeToken", report.resumeToken());
        json.put("error", report.failure());
        json.put("requestId", requestId);
        json.put("users", users);
        return json;
    }

    private static boolean awaitQuietly(CountDownLatch latch, Duration time) {
        try {
            return latch.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Prints each missing user and each finished page (with the token to resume from), and remembers the first page
     * not yet finished. With {@code --json} the page lines go to standard error, so that standard output is one JSON
     * document; the users go into it.
     */
    private static final class ConsoleProgress implements ReconcileListener {
        private final SupportSession session;
        private final List<Map<String, Object>> users = new ArrayList<>();
        private volatile String resumeFrom;

        ConsoleProgress(SupportSession session, String resumeFrom) {
            this.session = session;
            this.resumeFrom = resumeFrom;
        }

        void header(ReconcileRequest request, String requestId) {
            if (!session.options().json) {
                session.out().println("reconcile " + request.userPoolId()
                        + (request.dryRun() ? " (dry run: nothing is written)" : "")
                        + (request.since() != null ? " since " + request.since() : "")
                        + (request.resumeToken() != null ? " from the given --resume token" : "")
                        + " (request " + requestId + ")");
            }
        }

        /** The token of the first page not yet finished: where a stopped run resumes. */
        String resumeFrom() {
            return resumeFrom;
        }

        List<Map<String, Object>> users() {
            return List.copyOf(users);
        }

        @Override
        public void user(UserOutcome outcome) {
            String email = outcome.user().email() == null ? "-" : session.email(outcome.user().email());
            if (session.options().json) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("sub", outcome.user().sub());
                user.put("status", outcome.user().status());
                user.put("enabled", outcome.user().enabled());
                user.put("email", outcome.user().email() == null ? null : email);
                user.put("action", outcome.action().name().toLowerCase(java.util.Locale.ROOT));
                user.put("reason", outcome.reason());
                users.add(user);
            } else {
                session.out().printf("  %-15s %-21s %-8s %-38s %s%s%n", outcome.action().name().toLowerCase(java.util.Locale.ROOT),
                        outcome.user().status(), outcome.user().enabled() ? "enabled" : "disabled",
                        outcome.user().sub() == null ? "-" : outcome.user().sub(), email,
                        outcome.reason() == null ? "" : "  (" + outcome.reason() + ")");
            }
        }

        @Override
        public void pageDone(int page, int count, String nextToken, ReconcileTally tally) {
            resumeFrom = nextToken;
            PrintStream stream = session.options().json ? session.err() : session.out();
            stream.println("page " + page + ": " + count + " user(s); " + (nextToken == null ? "last page"
                    : "resume from here with --resume " + nextToken));
            LOG.info("reconcile page {} done: {} user(s), next token {}", page, count, nextToken);
        }
    }
}
