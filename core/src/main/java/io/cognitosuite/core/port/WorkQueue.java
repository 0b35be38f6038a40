package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.time.Deadline;

/** A durable queue of work for a consumer. */
public interface WorkQueue {

    /**
     * Sends the message, retrying transient failures until the deadline.
     *
     * @return the queue's id for the message
     * @throws QueueUnavailableException when the message was not accepted before the deadline
     * @throws MessageRejectedException  when the queue refused this message for good (sending it again cannot succeed)
     */
    String send(QueueMessage message, Deadline deadline) throws QueueUnavailableException, MessageRejectedException;
}
