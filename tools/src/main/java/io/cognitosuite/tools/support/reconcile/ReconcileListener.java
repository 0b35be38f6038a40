package io.cognitosuite.tools.support.reconcile;

/** Hears a reconcile run as it goes, so that the command can print progress and the resume token after each page. */
public interface ReconcileListener {

    /** A user without a row, and what was done with it. */
    void user(UserOutcome outcome);

    /**
     * A page is done, its writes committed.
     *
     * @param page      its number in this run, from 1
     * @param users     users on the page
     * @param nextToken where the next page starts (what {@code --resume} takes), {@code null} after the last page
     * @param tally     the run's counts so far
     */
    void pageDone(int page, int users, String nextToken, ReconcileTally tally);

    ReconcileListener NONE = new ReconcileListener() {
        @Override
        public void user(UserOutcome outcome) {
        }

        @Override
        public void pageDone(int page, int users, String nextToken, ReconcileTally tally) {
        }
    };
}
