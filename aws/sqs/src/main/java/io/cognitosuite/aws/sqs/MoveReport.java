package io.cognitosuite.aws.sqs;

/**
 * What a selective move did, or, in a dry run, would do.
 *
 * @param examined   distinct messages read from the dead-letter queue
 * @param selected   of those, how many matched the selection (within {@code --max})
 * @param moved      sent to the source queue and deleted from the dead-letter queue
 * @param duplicated sent to the source queue but not deleted from the dead-letter queue: a copy stays there
 *                   (safe: idempotency is on the business key, so the copy provisions nothing new)
 * @param notSent    selected but refused by the source queue: left in the dead-letter queue
 * @param skipped    examined and not selected: left in place
 * @param dryRun     whether nothing was sent or deleted
 * @param covered    whether the scan saw as many distinct messages as the dead-letter queue held visible when it
 *                   started (or reached {@code max}); {@code false}: some messages were never examined, so a match
 *                   may remain
 * @param movedIds   the ids of the messages moved (in a dry run: that would move), in the order they were taken
 */
public record MoveReport(int examined, int selected, int moved, int duplicated, int notSent, int skipped,
                         boolean dryRun, boolean covered, java.util.List<String> movedIds) {
    public MoveReport {
        movedIds = java.util.List.copyOf(movedIds);
    }

    /** Whether every selected message was moved (nothing failed) and every message was examined. */
    public boolean complete() {
        return duplicated == 0 && notSent == 0 && covered;
    }
}
