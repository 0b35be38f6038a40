package io.cognitosuite.tools.support;

import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.core.port.SupportAudit;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change support makes, on the record: {@link #begin} writes the {@code support_audit} row with result
 * {@code started} before anything changes (if it cannot be written, nothing is changed), the command counts what it
 * does, and {@link #succeeded}, {@link #failed} or {@link #interrupted} completes the row. A process stopped with
 * Ctrl-C completes it as {@code interrupted} from a shutdown hook; one that is killed leaves {@code started} with no
 * finish time, which {@code audit list} shows as such. Each start and end is also a log line (no arguments in it:
 * they may hold a sub or an email; the row has them).
 */
public final class AuditedAction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditedAction.class);

    private final SupportAudit audit;
    private final Clock clock;
    private final AuditEntry entry;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Thread onInterrupt;
    private volatile java.util.function.Supplier<String> interruptDetail = () -> "the process was stopped (Ctrl-C or SIGTERM)";
    private boolean finished;

    private AuditedAction(SupportAudit audit, Clock clock, AuditEntry entry) {
        this.audit = audit;
        this.clock = clock;
        this.entry = entry;
        this.onInterrupt = new Thread(() -> interrupted(interruptDetail.get()), "audit-interrupted");
    }

    /** Writes the started row; throws (and changes nothing) when it cannot. */
    public static AuditedAction begin(SupportAudit audit, Clock clock, String operator, String action,
                                      Map<String, String> arguments) {
        Objects.requireNonNull(audit, "audit");
        AuditEntry entry = new AuditEntry(UUID.randomUUID(), operator, action, arguments, Map.of(), "started", null,
                UUID.randomUUID().toString(), clock.instant(), null);
        audit.started(entry);
        LOG.info("support action started: {} by {} (request {})", action, operator, entry.requestId());
        AuditedAction run = new AuditedAction(audit, clock, entry);
        Runtime.getRuntime().addShutdownHook(run.onInterrupt);
        return run;
    }

    /**
     * Records a change that could only be recorded after it ran ({@code db migrate}: before migration V6 there is no
     * table to write the started row to): the row is written and completed at once, with the same log line as
     * {@link #succeeded}. Returns the run's request id.
     *
     * @throws RuntimeException when the row cannot be written (the caller decides whether that matters)
     */
    public static String recordAfterwards(SupportAudit audit, Clock clock, String operator, String action,
                                          Map<String, String> arguments, Map<String, Long> counts, Instant startedAt,
                                          String result, String detail) {
        AuditEntry entry = new AuditEntry(UUID.randomUUID(), operator, action, arguments, counts, "started", null,
                UUID.randomUUID().toString(), startedAt, null);
        audit.started(entry);
        audit.finished(entry.id(), result, counts, detail, clock.instant());
        LOG.info("support action {}: {} by {} {} (request {})", result, action, operator, counts, entry.requestId());
        return entry.requestId();
    }

    /** The id of this run, in its audit row, its log lines and the command's output. */
    public String requestId() {
        return entry.requestId();
    }

    /** Adds {@code n} to the count {@code name}. */
    public synchronized void count(String name, long n) {
        counts.merge(name, n, Long::sum);
    }

    /** Sets the count {@code name}. */
    public synchronized void set(String name, long n) {
        counts.put(name, n);
    }

    public synchronized Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /**
     * What the row's detail says if the process is stopped (Ctrl-C, SIGTERM) before the command finishes it, asked
     * at that moment: e.g. the token to resume from. The sentence is the command's own (no input quoted).
     */
    public void onInterruptDetail(java.util.function.Supplier<String> detail) {
        this.interruptDetail = Objects.requireNonNull(detail, "detail");
    }

    /** The change is done ({@code ok}), or was only shown ({@code dry-run}). */
    public void succeeded(boolean dryRun) {
        finish(dryRun ? "dry-run" : "ok", null);
    }

    /** The change failed; {@code detail} is one sentence of ours (no input quoted). */
    public void failed(String detail) {
        finish("failed", detail);
    }

    /** The change stopped part-way, e.g. with a token to resume from. */
    public void interrupted(String detail) {
        finish("interrupted", detail);
    }

    private synchronized void finish(String result, String detail) {
        if (finished) {
            return;
        }
        finished = true;
        Instant at = clock.instant();
        try {
            audit.finished(entry.id(), result, counts, detail, at);
        } catch (RuntimeException e) {
            LOG.error("support action {} (request {}) ended {} but its audit row could not be completed ({})",
                    entry.action(), entry.requestId(), result, e.getClass().getSimpleName());
        }
        LOG.info("support action {}: {} by {} {} (request {})", result, entry.action(), entry.operator(), counts,
                entry.requestId());
        if (Thread.currentThread() != onInterrupt) {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds the row finished
            }
        }
    }

    /** A run that ends without a result (an exception the command did not handle) is recorded as failed. */
    @Override
    public void close() {
        finish("failed", "the command ended without a result (see the error it printed)");
    }
}
