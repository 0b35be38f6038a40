package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded failure of one {@code user.confirmed} message (a {@code provisioning_failures} row).
 *
 * @param failureKey     {@link #keyFor}: the idempotency key when the body could be read, else the message id
 * @param idempotencyKey {@code userPoolId#sub}, {@code null} when the body could not be read
 * @param cognitoSub     the user's {@code sub}, {@code null} when the body could not be read
 * @param messageId      the SQS message id of the last failed delivery
 * @param reason         why it failed
 * @param detail         a fixed sentence of ours (names a field, a rule or an SQL state; never a value of the input)
 * @param receiveCount   the receive count of the last failed delivery
 * @param failures       how many deliveries failed so far
 * @param firstSeenAt    the first failure
 * @param lastSeenAt     the last failure
 * @param resolvedAt     when a later delivery of the same key provisioned the user; {@code null} while unresolved
 */
public record ProvisioningFailure(String failureKey, String idempotencyKey, String cognitoSub, String messageId,
                                  FailureReason reason, String detail, int receiveCount, int failures,
                                  Instant firstSeenAt, Instant lastSeenAt, Instant resolvedAt) {
    /** Longest detail stored; longer ones are cut (they are ours, so cutting loses no input). */
    public static final int MAX_DETAIL = 500;
    private static final String MESSAGE_PREFIX = "message:";

    public ProvisioningFailure {
        Objects.requireNonNull(failureKey, "failureKey");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }

    /** A failure seen now for the first time (the store adds it to an existing row of the same key). */
    public static ProvisioningFailure seen(String idempotencyKey, String cognitoSub, String messageId,
                                           FailureReason reason, String detail, int receiveCount, Instant at) {
        return new ProvisioningFailure(keyFor(idempotencyKey, messageId), idempotencyKey, cognitoSub, messageId, reason,
                detail, receiveCount, 1, at, at, null);
    }

    /**
     * The key a failure is recorded under: the idempotency key when the body could be read (a redriven copy has a
     * new message id but the same key), else {@code message:<messageId>} (SQS keeps the id when it moves the
     * message to the dead-letter queue, so peek finds it).
     */
    public static String keyFor(String idempotencyKey, String messageId) {
        return idempotencyKey != null ? idempotencyKey : MESSAGE_PREFIX + Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * This failure and another of the same key as one unresolved failure, as the store adds a failure to a row: the
     * newer one's reason, detail, message id and receive count (the later failure says why it fails now), the
     * failures of both, the earlier first-seen and the later last-seen time. For callers that hold several failures
     * of one key before they write them (a batch, the consumer's pending list).
     *
     * @throws IllegalArgumentException when the keys differ
     */
    public ProvisioningFailure mergedWith(ProvisioningFailure other) {
        Objects.requireNonNull(other, "other");
        if (!failureKey.equals(other.failureKey)) {
            throw new IllegalArgumentException("failures of different keys cannot be merged");
        }
        ProvisioningFailure newer = other.lastSeenAt.isBefore(lastSeenAt) ? this : other;
        ProvisioningFailure older = newer == this ? other : this;
        return new ProvisioningFailure(failureKey,
                newer.idempotencyKey != null ? newer.idempotencyKey : older.idempotencyKey,
                newer.cognitoSub != null ? newer.cognitoSub : older.cognitoSub,
                newer.messageId, newer.reason, newer.detail, newer.receiveCount, failures + other.failures,
                firstSeenAt.isBefore(other.firstSeenAt) ? firstSeenAt : other.firstSeenAt, newer.lastSeenAt, null);
    }

    public boolean resolved() {
        return resolvedAt != null;
    }
}
