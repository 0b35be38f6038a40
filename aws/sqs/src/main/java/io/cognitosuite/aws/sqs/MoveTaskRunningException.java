package io.cognitosuite.aws.sqs;

/** A native move task was asked for while one runs for the same dead-letter queue (SQS allows one at a time). */
public final class MoveTaskRunningException extends DeadLetterQueueException {
    private static final long serialVersionUID = 1L;
    private final transient MoveTask running;

    public MoveTaskRunningException(MoveTask running) {
        super("a message move task is already running for " + QueuePair.nameOf(running.sourceArn())
                + " (moved " + running.moved() + " so far)");
        this.running = running;
    }

    public MoveTask running() {
        return running;
    }
}
