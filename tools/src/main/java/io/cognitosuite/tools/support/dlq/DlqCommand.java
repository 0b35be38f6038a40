package io.cognitosuite.tools.support.dlq;

import io.cognitosuite.tools.support.CommandGroup;
import io.cognitosuite.aws.sqs.DeadLetter;
import io.cognitosuite.aws.sqs.MoveReport;
import io.cognitosuite.aws.sqs.MoveSelection;
import io.cognitosuite.aws.sqs.MoveTask;
import io.cognitosuite.aws.sqs.MoveTaskRunningException;
import io.cognitosuite.aws.sqs.OldestMessage;
import io.cognitosuite.aws.sqs.QueueCounts;
import io.cognitosuite.aws.sqs.QueuePair;
import io.cognitosuite.aws.sqs.SqsDeadLetterQueues;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.tools.support.AuditedAction;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.SupportSession;
import io.cognitosuite.tools.support.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cognito-suite dlq stats | peek | redrive}: what sits in the dead-letter queues, why, and the way back.
 * {@code stats} and {@code peek} only read (a read is a receive released at once); every {@code redrive}, dry runs
 * and cancels included, writes a {@code support_audit} row with its counts.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters: counts, what they are and why they failed, and redrive them.",
        subcommands = {DlqCommand.Stats.class, DlqCommand.Peek.class, DlqCommand.Redrive.class})
public final class DlqCommand extends CommandGroup {
    /** The audit action of every redrive. */
    public static final String REDRIVE = "dlq redrive";
    /** A long run prints a progress line on stderr at most this often. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    static final String RECEIVE_NOTE = "receive counts include this command's own receive: SQS counts every receive, "
            + "peeks too (the copy a redrive sends starts again at 0)";


    // ------------------------------------------------------------------ stats

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "For each source queue and its dead-letter queue: visible, in flight, delayed, the oldest "
                    + "dead letter, move tasks.")
    public static final class Stats extends SupportCommand {
        @Mixin
        QueueOptions queues = new QueueOptions();

        @Option(names = "--sample", defaultValue = "10", paramLabel = "N",
                description = "Dead letters read (and released at once) to find the oldest; 0 reads none "
                        + "(default ${DEFAULT-VALUE}). SQS itself answers the age only in CloudWatch.")
        int sample;

        Stats(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            if (sample < 0 || sample > 1000) {
                throw new UsageException("--sample must be 0 to 1000", "e.g. --sample 50");
            }
            SqsDeadLetterQueues dlq = new SqsDeadLetterQueues(session.sqs());
            Instant now = session.runtime().clock().instant();
            List<Map<String, Object>> json = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.format("%-44s %-12s %8s %9s %8s  %s%n", "QUEUE", "ROLE",
                    "VISIBLE", "IN FLIGHT", "DELAYED", "OLDEST"));
            for (QueuePair pair : queues.pairs(dlq)) {
                QueueCounts source = dlq.counts(pair.sourceUrl());
                QueueCounts dead = dlq.counts(pair.deadLetterUrl());
                Optional<OldestMessage> oldest = dead.visible() == 0 ? Optional.empty() : dlq.oldest(pair, sample);
                List<MoveTask> tasks = dlq.moveTasks(pair);
                json.add(statsJson(pair, source, dead, oldest, tasks, now));
                text.append(String.format("%-44s %-12s %8d %9d %8d  %s%n", pair.sourceName(), "source",
                        source.visible(), source.inFlight(), source.delayed(),
                        "- (never received from: its consumer owns it)"));
                text.append(String.format("%-44s %-12s %8d %9d %8d  %s%n", pair.deadLetterName(), "dead letters",
                        dead.visible(), dead.inFlight(), dead.delayed(), oldestText(dead, oldest, sample, now)));
                List<MoveTask> running = tasks.stream().filter(MoveTask::running).toList();
                text.append(running.isEmpty() ? "  move tasks: none running" + lastTask(tasks) + "\n"
                        : running.stream().map(t -> "  move task: " + taskLine(t) + "\n").collect(Collectors.joining()));
            }
            session.print(Map.of("queues", json, "note", RECEIVE_NOTE), () -> text.toString().stripTrailing());
            return OK;
        }
    }

    private static String oldestText(QueueCounts dead, Optional<OldestMessage> oldest, int sample, Instant now) {
        if (dead.visible() == 0) {
            return dead.total() == 0 ? "- (empty)" : "- (none visible)";
        }
        if (sample == 0) {
            return "- (not sampled: --sample 0)";
        }
        return oldest.map(o -> age(o.age(now)) + " (" + o.basis() + ")").orElse("- (none read)");
    }

    private static String lastTask(List<MoveTask> tasks) {
        return tasks.isEmpty() ? "" : "; last " + taskLine(tasks.get(0));
    }

    private static Map<String, Object> statsJson(QueuePair pair, QueueCounts source, QueueCounts dead,
                                                 Optional<OldestMessage> oldest, List<MoveTask> tasks, Instant now) {
        Map<String, Object> s = counts(pair.sourceName(), pair.sourceUrl(), source);
        Map<String, Object> d = counts(pair.deadLetterName(), pair.deadLetterUrl(), dead);
        d.put("oldest", oldest.map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sentAt", o.sentAt().toString());
            m.put("ageSeconds", o.age(now).toSeconds());
            m.put("sampled", o.sampled());
            m.put("complete", o.complete());
            m.put("basis", o.basis());
            return m;
        }).orElse(null));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s);
        m.put("deadLetterQueue", d);
        m.put("maxReceiveCount", pair.maxReceiveCount());
        m.put("moveTasks", tasks.stream().map(DlqCommand::taskJson).toList());
        return m;
    }

    private static Map<String, Object> counts(String name, String url, QueueCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("url", url);
        m.put("visible", c.visible());
        m.put("inFlight", c.inFlight());
        m.put("delayed", c.delayed());
        return m;
    }

    // ------------------------------------------------------------------ peek

    @Command(name = "peek", mixinStandardHelpOptions = true,
            description = "Dead letters without consuming them (each released at once): type, sub, receive count, "
                    + "first sent and received, and why each failed.")
    public static final class Peek extends SupportCommand {
        @Mixin
        QueueOptions queues = new QueueOptions();

        @Mixin
        FilterOptions filters = new FilterOptions();

        @Option(names = "--max", defaultValue = "10", paramLabel = "N",
                description = "At most this many messages per dead-letter queue (default ${DEFAULT-VALUE}).")
        int max;

        Peek(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            if (max < 1 || max > 1000) {
                throw new UsageException("--max must be 1 to 1000", "e.g. --max 50");
            }
            RedriveFilter filter = filters.filter();
            SqsDeadLetterQueues dlq = new SqsDeadLetterQueues(session.sqs());
            // The database is optional for a read: without it a body still says whether it is valid, and why not.
            boolean withRecords = session.environment().get(DatabaseSettings.URL) != null;
            DeadLetterInspector inspector = new DeadLetterInspector(withRecords
                    ? Optional.of(new JdbcProvisioningFailures(session.database())) : Optional.empty(),
                    session.runtime().clock());
            Instant now = session.runtime().clock().instant();
            List<Map<String, Object>> json = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (QueuePair pair : queues.pairs(dlq)) {
                Map<String, InspectedMessage> shown = new LinkedHashMap<>();
                dlq.peek(pair, max, select(inspector, filter, now, shown));
                List<InspectedMessage> messages = List.copyOf(shown.values());
                json.add(peekJson(pair, messages, session));
                text.append(peekText(pair, messages, filter, withRecords, session)).append('\n');
            }
            if (!withRecords) {
                text.append("recorded failures not shown: DATABASE_URL is not set\n");
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("queues", json);
            doc.put("recordsRead", withRecords);
            doc.put("note", RECEIVE_NOTE);
            session.print(doc, () -> text.append(RECEIVE_NOTE).toString());
            return OK;
        }
    }

    /** Picks the batch's messages the filter matches, keeping each one's explanation in {@code picked}. */
    static MoveSelection select(DeadLetterInspector inspector, RedriveFilter filter, Instant now,
                                Map<String, InspectedMessage> picked) {
        return batch -> {
            List<InspectedMessage> matching = inspector.inspect(batch).stream()
                    .filter(m -> filter.matches(m, now)).toList();
            matching.forEach(m -> picked.putIfAbsent(m.messageId(), m));
            return matching.stream().map(InspectedMessage::messageId).collect(Collectors.toSet());
        };
    }

    private static String peekText(QueuePair pair, List<InspectedMessage> messages, RedriveFilter filter,
                                   boolean withRecords, SupportSession session) {
        StringBuilder t = new StringBuilder();
        t.append(pair.deadLetterName()).append(" (dead letters of ").append(pair.sourceName()).append("): ")
                .append(messages.size()).append(messages.size() == 1 ? " message" : " messages")
                .append(filter.isEmpty() ? "" : " matching").append(", every one left in place\n");
        if (messages.isEmpty()) {
            return t.toString();
        }
        t.append(String.format("%-3s %-36s %-15s %-36s %-22s %8s  %-20s  %s%n", "#", "MESSAGE ID", "TYPE", "SUB",
                "EMAIL", "RECEIVES", "FIRST SENT", "REASON"));
        int i = 1;
        for (InspectedMessage m : messages) {
            DeadLetter d = m.message();
            t.append(String.format("%-3d %-36s %-15s %-36s %-22s %8d  %-20s  %s%n", i++, d.messageId(),
                    orDash(m.type()), orDash(m.sub()), orDash(session.email(m.email())), d.receiveCount(),
                    time(d.sentAt()), m.reasonCode()));
        }
        t.append("why:\n");
        i = 1;
        for (InspectedMessage m : messages) {
            t.append(String.format("%-3d %s%n    -> %s%n", i++, why(m, withRecords), m.advice()));
        }
        return t.toString();
    }

    private static String why(InspectedMessage m, boolean withRecords) {
        ProvisioningFailure f = m.failure();
        StringBuilder w = new StringBuilder(m.reasonCode());
        if (f != null) {
            w.append(" (recorded: ").append(f.failures()).append(f.failures() == 1 ? " failure" : " failures")
                    .append(", first ").append(time(f.firstSeenAt())).append(", last ").append(time(f.lastSeenAt()))
                    .append(f.resolved() ? ", resolved " + time(f.resolvedAt()) : "").append("): ").append(f.detail());
            if (m.bodyProblem() != null) {
                w.append("; body: ").append(m.bodyProblem());
            }
        } else if (m.bodyProblem() != null) {
            w.append(" (body re-validated").append(withRecords ? ", no record" : "").append("): ")
                    .append(m.bodyProblem());
        } else {
            w.append(withRecords ? " (no record; the body is valid)" : " (the body is valid)");
        }
        if (m.message().firstReceivedAt() != null) {
            w.append("; first received ").append(time(m.message().firstReceivedAt()));
        }
        return w.toString();
    }

    private static Map<String, Object> peekJson(QueuePair pair, List<InspectedMessage> messages,
                                                SupportSession session) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("source", pair.sourceName());
        q.put("deadLetterQueue", pair.deadLetterName());
        q.put("deadLetterQueueUrl", pair.deadLetterUrl());
        q.put("messages", messages.stream().map(m -> {
            Map<String, Object> j = new LinkedHashMap<>();
            DeadLetter d = m.message();
            j.put("messageId", d.messageId());
            j.put("type", m.type());
            j.put("sub", m.sub());
            j.put("email", session.email(m.email()));
            j.put("receiveCount", d.receiveCount());
            j.put("sentAt", d.sentAt().toString());
            j.put("firstReceivedAt", d.firstReceivedAt() == null ? null : d.firstReceivedAt().toString());
            j.put("bodyValid", m.bodyProblem() == null);
            j.put("bodyProblem", m.bodyProblem());
            j.put("reason", m.reasonCode());
            j.put("advice", m.advice());
            ProvisioningFailure f = m.failure();
            j.put("recorded", f == null ? null : recordedJson(f));
            return j;
        }).toList());
        return q;
    }

    private static Map<String, Object> recordedJson(ProvisioningFailure f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("reason", f.reason().code());
        r.put("permanent", f.reason().permanent());
        r.put("detail", f.detail());
        r.put("failures", f.failures());
        r.put("receiveCount", f.receiveCount());
        r.put("messageId", f.messageId());
        r.put("firstSeenAt", f.firstSeenAt().toString());
        r.put("lastSeenAt", f.lastSeenAt().toString());
        r.put("resolvedAt", f.resolvedAt() == null ? null : f.resolvedAt().toString());
        return r;
    }

    // ------------------------------------------------------------------ redrive

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Move dead letters back to their source queue, on the audit record.",
                    "Without filters: SQS's own move task (StartMessageMoveTask; one per queue; --rate, --status, "
                            + "--cancel, --wait).",
                    "With --sub, --type, --reason, --older-than, --max or --selective: a selective move that sends "
                            + "each copy to the source queue and only then deletes the dead letter."})
    public static final class Redrive extends SupportCommand {
        @Mixin
        QueueOptions queues = new QueueOptions();

        @Mixin
        FilterOptions filters = new FilterOptions();

        @Option(names = "--max", paramLabel = "N", description = "Selective: move at most this many.")
        Integer max;

        @Option(names = "--selective", description = "Selective move of every dead letter (no filter needed).")
        boolean selective;

        @Option(names = "--dry-run", description = "Show what would move; move nothing (still on the audit record).")
        boolean dryRun;

        @Option(names = "--rate", paramLabel = "PER_SECOND",
                description = "Native: at most this many messages a second (1-500; default: SQS's pace).")
        Integer rate;

        @Option(names = "--to-arn", paramLabel = "ARN",
                description = "Native: move to this queue instead of each message's own source queue.")
        String destinationArn;

        @Option(names = "--wait", description = "Native: wait for the task to end, with a progress line on stderr.")
        boolean await;

        @Option(names = "--status", description = "Native: show the queue's move tasks (a read: no audit row).")
        boolean status;

        @Option(names = "--cancel", description = "Native: cancel the running move task.")
        boolean cancel;

        Redrive(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            RedriveFilter filter = filters.filter();
            boolean isSelective = selective || max != null || !filter.isEmpty();
            checkOptions(isSelective);
            SqsDeadLetterQueues dlq = new SqsDeadLetterQueues(session.sqs());
            if (status) {
                return status(session, dlq);
            }
            QueuePair pair = queues.onePair(dlq);
            if (cancel) {
                return cancel(session, dlq, pair);
            }
            return isSelective ? selective(session, dlq, pair, filter) : nativeMove(session, dlq, pair);
        }

        private void checkOptions(boolean isSelective) {
            if (status && cancel) {
                throw new UsageException("--status and --cancel exclude each other", "give one of them");
            }
            boolean nativeOnly = rate != null || destinationArn != null || await || status || cancel;
            if (isSelective && nativeOnly) {
                throw new UsageException("--rate, --to-arn, --wait, --status and --cancel are for SQS's own move task, "
                        + "not for a selective move", "drop the filters, --max and --selective, or those options");
            }
            if ((status || cancel) && dryRun) {
                throw new UsageException("--dry-run goes with a move, not with --status or --cancel", "drop --dry-run");
            }
            if (rate != null && (rate < 1 || rate > 500)) {
                throw new UsageException("--rate must be 1 to 500 messages a second", "e.g. --rate 10");
            }
            if (max != null && max < 1) {
                throw new UsageException("--max must be positive", "e.g. --max 100");
            }
        }

        private int status(SupportSession session, SqsDeadLetterQueues dlq) {
            List<Map<String, Object>> json = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (QueuePair pair : queues.pairs(dlq)) {
                List<MoveTask> tasks = dlq.moveTasks(pair);
                json.add(Map.of("deadLetterQueue", pair.deadLetterName(),
                        "tasks", tasks.stream().map(DlqCommand::taskJson).toList()));
                text.append(pair.deadLetterName()).append(": ").append(tasks.isEmpty() ? "no move tasks\n" : "\n");
                tasks.forEach(t -> text.append("  ").append(taskLine(t)).append('\n'));
            }
            session.print(json, () -> text.toString().stripTrailing());
            return OK;
        }

        private int cancel(SupportSession session, SqsDeadLetterQueues dlq, QueuePair pair) {
            try (AuditedAction action = session.audited(REDRIVE, arguments("cancel", pair))) {
                Optional<MoveTask> cancelled = dlq.cancelMoveTask(pair);
                action.set("cancelled", cancelled.isPresent() ? 1 : 0);
                cancelled.ifPresent(t -> action.set("moved", t.moved()));
                action.succeeded(false);
                session.print(Map.of("cancelled", cancelled.isPresent(), "moved", cancelled.map(MoveTask::moved).orElse(0L),
                        "requestId", action.requestId()), () -> cancelled
                        .map(t -> "cancelled the move task of " + pair.deadLetterName() + " after " + t.moved()
                                + " moved (request " + action.requestId() + ")")
                        .orElse("no move task is running for " + pair.deadLetterName() + "; nothing cancelled"));
                return OK;
            }
        }

        private int nativeMove(SupportSession session, SqsDeadLetterQueues dlq, QueuePair pair) {
            Map<String, String> arguments = arguments("native", pair);
            if (rate != null) {
                arguments.put("rate", rate.toString());
            }
            if (destinationArn != null) {
                arguments.put("destinationArn", destinationArn);
            }
            String destination = destinationArn != null ? QueuePair.nameOf(destinationArn)
                    : "each message's source queue (" + pair.sourceName() + ")";
            String pace = rate == null ? "SQS's pace" : rate + " a second";
            try (AuditedAction action = session.audited(REDRIVE, arguments)) {
                QueueCounts counts = dlq.counts(pair.deadLetterUrl());
                action.set("toMove", counts.visible());
                if (dryRun) {
                    action.succeeded(true);
                    session.print(nativeJson(action, counts.visible(), null, 0, true), () -> "dry run: a move task "
                            + "would move about " + messages(counts.visible()) + " from " + pair.deadLetterName() + " to "
                            + destination + " at " + pace + " (request " + action.requestId() + ")");
                    return OK;
                }
                if (counts.visible() == 0) {
                    action.succeeded(false);
                    session.print(nativeJson(action, 0, null, 0, false), () -> "nothing to move: "
                            + pair.deadLetterName() + " holds no visible message (request " + action.requestId() + ")");
                    return OK;
                }
                String handle;
                try {
                    handle = dlq.startMoveTask(pair, destinationArn, rate);
                } catch (MoveTaskRunningException e) {
                    action.failed("a move task is already running for this queue");
                    throw e;
                }
                action.set("started", 1);
                long moved = 0;
                String end = "RUNNING";
                if (await) {
                    MoveTask last = awaitTask(session, dlq, pair, handle);
                    moved = last == null ? 0 : last.moved();
                    end = last == null ? "UNKNOWN" : last.status();
                    action.set("moved", moved);
                }
                boolean failed = "FAILED".equals(end) || "UNKNOWN".equals(end);
                if (failed) {
                    action.failed("UNKNOWN".equals(end) ? "the move task started but SQS did not list it (see dlq "
                            + "redrive --status)" : "the move task failed (see dlq redrive --status)");
                } else {
                    action.succeeded(false);
                }
                long finalMoved = moved;
                String finalEnd = end;
                session.print(nativeJson(action, counts.visible(), handle, moved, false), () -> await
                        ? "move task " + finalEnd + ": moved " + finalMoved + " of about " + counts.visible() + " from "
                        + pair.deadLetterName() + " to " + destination + " (request " + action.requestId() + ")"
                        : "started a move task of about " + messages(counts.visible()) + " from " + pair.deadLetterName()
                        + " to " + destination + " at " + pace + " (request " + action.requestId() + ")\n"
                        + "follow it with: cognito-suite dlq redrive --status; stop it with --cancel");
                return failed ? FAILED : OK;
            }
        }

        /**
         * Polls the task this command started (by its handle) until it is no longer running, with a progress line on
         * stderr now and then; {@code null} when SQS does not list it within {@link #TASK_LISTED_WITHIN}.
         */
        private MoveTask awaitTask(SupportSession session, SqsDeadLetterQueues dlq, QueuePair pair, String handle) {
            Progress progress = new Progress(session);
            long unlistedSince = System.nanoTime();
            while (true) {
                MoveTask latest = dlq.moveTasks(pair).stream()
                        .filter(t -> handle != null && handle.equals(t.taskHandle())).findFirst().orElse(null);
                if (latest == null && System.nanoTime() - unlistedSince < TASK_LISTED_WITHIN.toNanos()) {
                    sleep();
                    continue;
                }
                if (latest == null || !latest.running()) {
                    progress.end();
                    return latest;
                }
                progress.line(() -> "moving: " + latest.moved() + " of about "
                        + (latest.toMove() == null ? "?" : latest.toMove()) + " moved");
                if (!sleep()) {
                    return latest;
                }
            }
        }

        /** Waits a poll interval; {@code false} when interrupted. */
        private static boolean sleep() {
            try {
                Thread.sleep(200);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** How long a task just started may be missing from ListMessageMoveTasks before --wait gives up on it. */
        static final java.time.Duration TASK_LISTED_WITHIN = java.time.Duration.ofSeconds(10);

        private int selective(SupportSession session, SqsDeadLetterQueues dlq, QueuePair pair, RedriveFilter filter) {
            Map<String, String> arguments = arguments("selective", pair);
            arguments.putAll(filter.arguments());
            if (max != null) {
                arguments.put("max", max.toString());
            }
            DeadLetterInspector inspector = new DeadLetterInspector(
                    Optional.of(new JdbcProvisioningFailures(session.database())), session.runtime().clock());
            Instant now = session.runtime().clock().instant();
            Map<String, InspectedMessage> picked = new LinkedHashMap<>();
            try (AuditedAction action = session.audited(REDRIVE, arguments)) {
                Progress progress = new Progress(session);
                MoveReport report;
                try {
                    report = dlq.move(pair, select(inspector, filter, now, picked), max == null ? Integer.MAX_VALUE : max,
                            dryRun, r -> {
                                count(action, r);
                                progress.line(() -> progressLine(r));
                            });
                } catch (RuntimeException e) {
                    action.failed("the move stopped part-way (" + e.getClass().getSimpleName() + "); the counts say "
                            + "how far it got");
                    throw e;
                }
                progress.end();
                count(action, report);
                String problem = report.complete() ? null : problem(report);
                if (problem == null) {
                    action.succeeded(dryRun);
                } else {
                    action.failed(problem);
                }
                // Only what moved (or, in a dry run, would move): a batch can match more than --max takes.
                Map<String, InspectedMessage> moved = new LinkedHashMap<>();
                report.movedIds().forEach(id -> {
                    if (picked.containsKey(id)) {
                        moved.put(id, picked.get(id));
                    }
                });
                session.print(selectiveJson(action, report, moved, session), () -> selectiveText(pair, report,
                        moved, action.requestId(), session));
                if (problem != null) {
                    session.err().println("error: " + problem);
                    session.err().println("hint: run the same command again: idempotency is on the business key, "
                            + "so a duplicate provisions nothing new");
                    return FAILED;
                }
                return OK;
            }
        }

        private Map<String, String> arguments(String mode, QueuePair pair) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("mode", mode);
            a.put("queue", pair.deadLetterName());
            if (dryRun) {
                a.put("dryRun", "true");
            }
            return a;
        }
    }

    private static void count(AuditedAction action, MoveReport r) {
        action.set("examined", r.examined());
        action.set(r.dryRun() ? "wouldMove" : "selected", r.selected());
        action.set("moved", r.moved());
        action.set("duplicated", r.duplicated());
        action.set("notSent", r.notSent());
        action.set("skipped", r.skipped());
    }

    private static String problem(MoveReport r) {
        List<String> parts = new ArrayList<>();
        if (r.duplicated() > 0) {
            parts.add(r.duplicated() + " sent to the source queue but not deleted from the dead-letter queue "
                    + "(duplicates, not losses)");
        }
        if (r.notSent() > 0) {
            parts.add(r.notSent() + " not accepted by the source queue (left in the dead-letter queue)");
        }
        if (!r.covered()) {
            parts.add("only " + r.examined() + " dead letters could be examined (SQS handed no others back): matches may "
                    + "remain");
        }
        return String.join("; ", parts);
    }

    private static String progressLine(MoveReport r) {
        return (r.dryRun() ? "dry run: " : "") + "examined " + r.examined() + ", " + (r.dryRun() ? "would move " : "moved ")
                + (r.dryRun() ? r.selected() : r.moved()) + ", skipped " + r.skipped()
                + (r.duplicated() + r.notSent() > 0 ? ", failed " + (r.duplicated() + r.notSent()) : "");
    }

    private static String selectiveText(QueuePair pair, MoveReport r, Map<String, InspectedMessage> picked,
                                        String requestId, SupportSession session) {
        StringBuilder t = new StringBuilder();
        t.append(r.dryRun() ? "dry run: would move " + r.selected() : "moved " + r.moved()).append(" of ")
                .append(r.examined()).append(" examined from ").append(pair.deadLetterName()).append(" to ")
                .append(pair.sourceName()).append("; skipped ").append(r.skipped());
        if (!r.dryRun()) {
            t.append(", duplicated ").append(r.duplicated()).append(", not sent ").append(r.notSent());
        }
        t.append(" (request ").append(requestId).append(")");
        if (!picked.isEmpty()) {
            t.append('\n').append(String.format("%-36s %-36s %-22s %s", "MESSAGE ID", "SUB", "EMAIL", "REASON"));
            picked.values().stream().limit(50).forEach(m -> t.append('\n').append(String.format("%-36s %-36s %-22s %s",
                    m.messageId(), orDash(m.sub()), orDash(session.email(m.email())), m.reasonCode())));
            if (picked.size() > 50) {
                t.append("\n… and ").append(picked.size() - 50).append(" more (--json lists all)");
            }
        }
        return t.toString();
    }

    private static Map<String, Object> selectiveJson(AuditedAction action, MoveReport r,
                                                     Map<String, InspectedMessage> picked, SupportSession session) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("mode", "selective");
        j.put("dryRun", r.dryRun());
        j.put("examined", r.examined());
        j.put(r.dryRun() ? "wouldMove" : "selected", r.selected());
        j.put("moved", r.moved());
        j.put("duplicated", r.duplicated());
        j.put("notSent", r.notSent());
        j.put("skipped", r.skipped());
        j.put("wholeQueueExamined", r.covered());
        j.put("messages", picked.values().stream().map(m -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("messageId", m.messageId());
            e.put("sub", m.sub());
            e.put("email", session.email(m.email()));
            e.put("reason", m.reasonCode());
            return e;
        }).toList());
        j.put("requestId", action.requestId());
        return j;
    }

    private static Map<String, Object> nativeJson(AuditedAction action, long toMove, String handle, long moved,
                                                  boolean dryRun) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("mode", "native");
        j.put("dryRun", dryRun);
        j.put("toMove", toMove);
        j.put("started", handle != null);
        j.put("taskHandle", handle);
        j.put("moved", moved);
        j.put("requestId", action.requestId());
        return j;
    }

    private static Map<String, Object> taskJson(MoveTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", t.status());
        m.put("taskHandle", t.taskHandle());
        m.put("source", QueuePair.nameOf(t.sourceArn()));
        m.put("destination", t.destinationArn() == null ? null : QueuePair.nameOf(t.destinationArn()));
        m.put("maxPerSecond", t.maxPerSecond());
        m.put("moved", t.moved());
        m.put("toMove", t.toMove());
        m.put("failureReason", t.failureReason());
        m.put("startedAt", t.startedAt() == null ? null : t.startedAt().toString());
        return m;
    }

    private static String taskLine(MoveTask t) {
        return t.status() + ", moved " + t.moved() + (t.toMove() == null ? "" : " of " + t.toMove())
                + (t.destinationArn() == null ? "" : " to " + QueuePair.nameOf(t.destinationArn()))
                + (t.maxPerSecond() == null ? "" : ", " + t.maxPerSecond() + "/s")
                + (t.startedAt() == null ? "" : ", started " + time(t.startedAt()))
                + (t.failureReason() == null ? "" : ", failed: " + t.failureReason());
    }

    static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String age(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
    }

    private static String messages(long n) {
        return n + (n == 1 ? " message" : " messages");
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** A progress line on stderr, at most every {@link #PROGRESS_EVERY}: only long runs print any. */
    static final class Progress {
        private final SupportSession session;
        private Instant next;
        private boolean printed;

        Progress(SupportSession session) {
            this.session = session;
            this.next = session.runtime().clock().instant().plus(PROGRESS_EVERY);
        }

        void line(java.util.function.Supplier<String> text) {
            Instant now = session.runtime().clock().instant();
            if (!now.isBefore(next)) {
                session.err().println(text.get());
                printed = true;
                next = now.plus(PROGRESS_EVERY);
            }
        }

        void end() {
            if (printed) {
                session.err().flush();
            }
        }
    }

}
