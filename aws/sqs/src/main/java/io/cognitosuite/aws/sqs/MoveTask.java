package io.cognitosuite.aws.sqs;

import java.time.Instant;
import java.util.Objects;

/**
 * A native SQS message move task ({@code ListMessageMoveTasks}): moves messages from a dead-letter queue back to
 * their source queue (or another destination) at up to a rate.
 *
 * @param taskHandle          the handle to cancel it by; SQS gives it only while the task is {@code RUNNING}
 * @param status              {@code RUNNING}, {@code CANCELLING}, {@code CANCELLED}, {@code COMPLETED} or {@code FAILED}
 * @param sourceArn           the dead-letter queue it moves from
 * @param destinationArn      where it moves to; {@code null} when SQS moves each message to its own source
 * @param maxPerSecond        the rate limit it was started with; {@code null} when SQS chose the rate
 * @param moved               approximately how many it moved so far
 * @param toMove              approximately how many it had to move; {@code null} when SQS did not say
 * @param failureReason       why it failed; {@code null} unless {@code FAILED}
 * @param startedAt           when it started
 */
public record MoveTask(String taskHandle, String status, String sourceArn, String destinationArn, Integer maxPerSecond,
                       long moved, Long toMove, String failureReason, Instant startedAt) {
    public static final String RUNNING = "RUNNING";

    public MoveTask {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sourceArn, "sourceArn");
    }

    public boolean running() {
        return RUNNING.equals(status);
    }
}
