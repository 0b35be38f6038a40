package io.cognitosuite.tools.support.reconcile;

import java.util.Objects;

/**
 * How a reconcile run ended.
 *
 * @param outcome     completed, stopped on request (Ctrl-C) or stopped by a failure
 * @param tally       the counts
 * @param pages       pages read and finished
 * @param resumeToken where to resume ({@code --resume}) when it did not complete; {@code null} when it completed, and
 *                    when it stopped before its first page had a token (start again without one)
 * @param failure     the one-line reason it stopped by a failure (API and error code, or SQL state), else {@code null}
 */
public record ReconcileReport(Outcome outcome, ReconcileTally tally, int pages, String resumeToken, String failure) {
    public ReconcileReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(tally, "tally");
    }

    public enum Outcome {
        COMPLETED, INTERRUPTED, FAILED
    }

    /** Completed, and every eligible missing user was provisioned (or would be, in a dry run). */
    public boolean succeeded() {
        return outcome == Outcome.COMPLETED && tally.failed() == 0;
    }
}
