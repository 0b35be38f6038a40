package io.cognitosuite.aws.sqs;

import java.util.Objects;

/**
 * A source queue and the dead-letter queue its redrive policy names.
 *
 * @param sourceUrl       the source queue's URL
 * @param sourceArn       its ARN (a native move task's default destination)
 * @param deadLetterUrl   the dead-letter queue's URL
 * @param deadLetterArn   its ARN (a native move task's source)
 * @param maxReceiveCount receives before SQS moves a message to the dead-letter queue
 */
public record QueuePair(String sourceUrl, String sourceArn, String deadLetterUrl, String deadLetterArn,
                        int maxReceiveCount) {
    public QueuePair {
        Objects.requireNonNull(sourceUrl, "sourceUrl");
        Objects.requireNonNull(sourceArn, "sourceArn");
        Objects.requireNonNull(deadLetterUrl, "deadLetterUrl");
        Objects.requireNonNull(deadLetterArn, "deadLetterArn");
    }

    /** The source queue's name: the last part of its ARN. */
    public String sourceName() {
        return nameOf(sourceArn);
    }

    /** The dead-letter queue's name. */
    public String deadLetterName() {
        return nameOf(deadLetterArn);
    }

    /** A queue's name from its ARN ({@code arn:aws:sqs:<region>:<account>:<name>}); {@code null} stays {@code null}. */
    public static String nameOf(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
    }
}
