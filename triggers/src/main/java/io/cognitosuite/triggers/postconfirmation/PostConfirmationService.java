package io.cognitosuite.triggers.postconfirmation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.Redaction;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.port.WorkQueue;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.CognitoEvent;
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
 * response is the event as it came, which is what Cognito expects.
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

    public JsonNode handle(CognitoEvent event, Invocation invocation) throws MalformedEventException {
        switch (event.triggerSource()) {
            case CONFIRM_SIGN_UP -> publishConfirmed(event, invocation);
            case CONFIRM_FORGOT_PASSWORD -> LOG.info("password reset confirmed; nothing to publish");
            // A fixed reason: the trigger source is whatever the event says.
            default -> throw new MalformedEventException("triggerSource is not a post-confirmation trigger source");
        }
        return event.json();
    }

    private void publishConfirmed(CognitoEvent event, Invocation invocation) throws MalformedEventException {
        UserConfirmed user = toUserConfirmed(event, invocation.startedAt());
        Deadline deadline = invocation.deadlineWithin(publishBudget, clock);
        try {
            String messageId = queue.send(UserConfirmedMessage.toQueueMessage(user), deadline);
            LOG.info("published user.confirmed for sub {} (email {}), message id {}", user.sub(),
                    Redaction.maskEmail(user.email()), messageId);
        } catch (QueueUnavailableException e) {
            LOG.error("could not publish user.confirmed for sub {} after {} attempts: {}", user.sub(), e.attempts(),
                    e.getMessage(), e);
            throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
        } catch (MessageRejectedException e) {
            // Sending the same message again cannot succeed, so the user is not told to try again in a moment.
            // Only the queue's error code is logged: the SDK's message may describe the content.
            LOG.error("the queue refused user.confirmed for sub {} for good ({}); not retried", user.sub(), e.code());
            throw new TriggerFailedException(TriggerFailedException.INVALID_REQUEST, e);
        }
    }

    /**
     * The confirmed user, by the contract's own rules ({@link UserConfirmed}'s constructor, which the
     * consumer applies too), so that what the consumer would refuse fails here, where the user sees it.
     * Every attribute is read with {@link CognitoEvent#attribute}: a JSON string, as Cognito sends them; a
     * number or an object is malformed, not turned into text. Reasons name the field, never its value.
     */
    static UserConfirmed toUserConfirmed(CognitoEvent event, Instant now) throws MalformedEventException {
        String sub = event.attribute("sub");
        String email = event.attribute("email");
        boolean verified = "true".equalsIgnoreCase(event.attribute("email_verified"));
        String identities = event.attribute("identities");
        // The envelope keeps a non-string userName as null; read strictly, under the contract's name for it.
        String username = CognitoEvent.stringField(event.json(), "userName", "username");
        try {
            return new UserConfirmed(event.userPoolId(), sub, username, email, verified,
                    IdentityProviders.primaryProvider(identities), event.triggerSource(), now);
        } catch (InvalidUserConfirmedException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }
}
