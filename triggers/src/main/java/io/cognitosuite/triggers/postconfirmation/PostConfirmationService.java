package io.cognitosuite.triggers.postconfirmation;

import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.Redaction;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.port.WorkQueue;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What post-confirmation does. {@code PostConfirmation_ConfirmSignUp} sends {@code user.confirmed}
 * to the work queue within the publish budget (and before Lambda's own deadline), or fails the trigger
 * with a fixed sentence: a message that was not sent is never reported as success.
 * {@code PostConfirmation_ConfirmForgotPassword} is not a new user and sends nothing. Either way the
 * response is the event as it came ({@link ConfirmationResponseWriter}), which is what Cognito expects.
 *
 * <p>Which sentence the user gets: a value the consumer would refuse, or a message SQS refuses for what it
 * holds, can never succeed, so it is {@link TriggerFailedException#INVALID_REQUEST}; only trouble that may
 * pass (SQS slow or down) is {@link TriggerFailedException#TRY_AGAIN}.
 */
public final class PostConfirmationService {
    public static final String CONFIRM_SIGN_UP = UserConfirmed.CONFIRM_SIGN_UP;
    public static final String CONFIRM_FORGOT_PASSWORD = "PostConfirmation_ConfirmForgotPassword";

    private static final Logger LOG = LoggerFactory.getLogger(PostConfirmationService.class);

    private final WorkQueue queue;
    private final Duration publishBudget;
    private final Clock clock;

    public PostConfirmationService(WorkQueue queue, Duration publishBudget, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.publishBudget = Objects.requireNonNull(publishBudget, "publishBudget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Publishes a confirmed sign-up, or fails the trigger with a fixed sentence; a password reset publishes nothing. */
    ConfirmationOutcome confirm(ConfirmationRequest request, Invocation invocation) throws MalformedEventException {
        if (!request.confirmsSignUp()) {
            LOG.info("password reset confirmed; nothing to publish");
            return ConfirmationOutcome.NOTHING_TO_PUBLISH;
        }
        publishConfirmed(request, invocation);
        return ConfirmationOutcome.PUBLISHED;
    }

    private void publishConfirmed(ConfirmationRequest request, Invocation invocation) throws MalformedEventException {
        UserConfirmed user = request.userConfirmedAt(invocation.startedAt());
        Deadline deadline = invocation.deadlineWithin(publishBudget, clock);
        try {
            String messageId = queue.send(UserConfirmedMessage.toQueueMessage(user), deadline);
            LOG.info("published user.confirmed for sub {} (email {}), message id {}", EnvelopeValues.sub(user.sub()),
                    Redaction.maskEmail(user.email()), messageId);
        } catch (QueueUnavailableException e) {
            LOG.error("could not publish user.confirmed for sub {} after {} attempts: {}", EnvelopeValues.sub(user.sub()), e.attempts(),
                    e.getMessage(), e);
            throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
        } catch (MessageRejectedException e) {
            // Sending the same message again cannot succeed, so the user is not told to try again in a moment.
            // Only the queue's error code is logged: the SDK's message may describe the content.
            LOG.error("the queue refused user.confirmed for sub {} for good ({}); not retried", EnvelopeValues.sub(user.sub()), e.code());
            throw new TriggerFailedException(TriggerFailedException.INVALID_REQUEST, e);
        }
    }
}
