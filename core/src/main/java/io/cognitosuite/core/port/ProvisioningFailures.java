package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.time.Deadline;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Where the provisioning consumer records why messages failed, and where support reads it. */
public interface ProvisioningFailures {

    /**
     * Records each failure under its {@link ProvisioningFailure#failureKey()}: a new key is inserted, a known one
     * gets the new reason, detail, message id, receive count and last-seen time, one more failure, and is
     * unresolved again; but a failure whose user is already provisioned is recorded resolved (at the later of the
     * failure and the provisioning), however the write races the provisioning: a late write from a consumer's
     * pending list never leaves a record of a user who exists open. One statement for all of them, and a second
     * only for rows left open that name a user.
     *
     * @throws DataAccessException when the database fails or the time runs out (nothing written)
     */
    void record(Collection<ProvisioningFailure> failures, Deadline deadline);

    /**
     * Marks the unresolved failures of these idempotency keys resolved at {@code at} (their users are provisioned),
     * those last seen at or before {@code at} only: a success does not resolve a failure that came after it (a late
     * write from another consumer's pending list), unless the failure's user is provisioned (then at its last-seen
     * time, when that is later: the consumers' clocks may differ). One statement.
     *
     * @return how many failures were resolved
     * @throws DataAccessException when the database fails or the time runs out
     */
    int resolve(Collection<String> idempotencyKeys, Instant at, Deadline deadline);

    /** The failures recorded under these keys (idempotency keys or {@code message:<id>} keys), in no order. */
    List<ProvisioningFailure> findByKeys(Collection<String> failureKeys, Deadline deadline);

    /** Every failure recorded for one {@code sub}, newest first. */
    List<ProvisioningFailure> findBySub(String cognitoSub, Deadline deadline);
}
