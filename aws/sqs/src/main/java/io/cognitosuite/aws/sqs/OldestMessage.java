package io.cognitosuite.aws.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The oldest message found in a sample of a dead-letter queue. SQS answers the age of the oldest message only in
 * CloudWatch ({@code ApproximateAgeOfOldestMessage}); here it is the oldest {@code SentTimestamp} among the messages
 * received (and released at once). SQS keeps a message's {@code SentTimestamp} when it moves it to the dead-letter
 * queue, so the age counts from the first send: the clock the retention period runs on.
 *
 * @param sentAt   the oldest {@code SentTimestamp} seen
 * @param sampled  how many distinct messages the sample held
 * @param complete whether the sample held every message the queue had (then the answer is exact, not a sample's)
 */
public record OldestMessage(Instant sentAt, int sampled, boolean complete) {
    public OldestMessage {
        Objects.requireNonNull(sentAt, "sentAt");
    }

    public Duration age(Instant now) {
        Duration age = Duration.between(sentAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** What the figure is, in words: {@code oldest of all 3} or {@code oldest in a sample of 10}. */
    public String basis() {
        return complete ? "oldest of all " + sampled : "oldest in a sample of " + sampled;
    }
}
