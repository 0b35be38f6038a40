package io.cognitosuite.consumers.provisioning;

import java.util.List;

/**
 * What happened to a batch.
 *
 * @param failedMessageIds messages to be redelivered (reported as batch item failures)
 * @param provisioned      users created by this batch
 * @param alreadyPresent   valid messages whose user already existed (duplicates)
 * @param invalid          messages that can never succeed (they reach the dead-letter queue)
 * @param postponed        failed messages whose next delivery was postponed because the database was unavailable
 */
public record BatchOutcome(List<String> failedMessageIds, int provisioned, int alreadyPresent, int invalid, int postponed) {
    public BatchOutcome {
        failedMessageIds = List.copyOf(failedMessageIds);
    }
}
