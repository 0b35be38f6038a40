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
 */
public record MoveReport(int examined, int selected, int moved, int duplicated, int notSent, int skipped,
                         boolean dryRun) {
    /** Whether every selected message was moved (nothing failed). */
    public boolean complete() {
        return duplicated == 0 && notSent == 0;
    }
}
