package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.core.time.Deadline;

/**
 * Work to start once a batch's users are committed, such as relaying the outbox events they produced.
 * It runs before the batch result goes back to SQS, so it must stay within its own small budget and
 * never throw: its trouble must never fail or hold up the batch.
 */
@FunctionalInterface
public interface AfterCommit {
    /** Nothing to do. */
    AfterCommit NONE = functionDeadline -> {
    };

    /** @param functionDeadline when the function itself times out ({@link Deadline#none} when unknown) */
    void batchCommitted(Deadline functionDeadline);
}
