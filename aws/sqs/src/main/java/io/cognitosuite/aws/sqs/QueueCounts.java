package io.cognitosuite.aws.sqs;

/**
 * A queue's approximate counts, as {@code GetQueueAttributes} gives them (SQS counts are eventually consistent).
 *
 * @param visible  {@code ApproximateNumberOfMessages}: waiting to be received
 * @param inFlight {@code ApproximateNumberOfMessagesNotVisible}: received, not yet deleted or visible again
 * @param delayed  {@code ApproximateNumberOfMessagesDelayed}: sent with a delay not yet over
 */
public record QueueCounts(long visible, long inFlight, long delayed) {
    public long total() {
        return visible + inFlight + delayed;
    }
}
