package io.cognitosuite.aws.sqs;

import java.util.List;
import java.util.Set;

/**
 * Which messages of a batch a selective move takes. Called once per received batch (at most 10 messages), so that a
 * selection that needs a lookup (the recorded failure of each message) makes one per batch.
 */
@FunctionalInterface
public interface MoveSelection {
    /** The message ids of {@code batch} to move; the others are left in place. */
    Set<String> select(List<DeadLetter> batch);

    /** Every message. */
    static MoveSelection all() {
        return batch -> batch.stream().map(DeadLetter::messageId).collect(java.util.stream.Collectors.toSet());
    }
}
