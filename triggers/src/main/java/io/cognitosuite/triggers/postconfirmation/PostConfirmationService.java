package io.cognitosuite.triggers.postconfirmation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.contract.UserConfirmedMessage;
import io.cognitosuite.common.domain.UserConfirmed;
import io.cognitosuite.common.observability.Redaction;
import io.cognitosuite.common.port.QueueUnavailableException;
import io.cognitosuite.common.port.WorkQueue;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.Invocation;
import io.cognitosuite.common.trigger.MalformedEventException;
import io.cognitosuite.common.trigger.TriggerFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What post-confirmation does. {@code PostConfirmation_ConfirmSignUp} sends {@code user.confirmed}
 * to the work queue within the publish budget (and before Lambda's own deadline), or fails the trigger
 * with a fixed sentence: a message that was not sent is never reported as success.
 * {@code PostConfirmation_ConfirmForgotPassword} is not a new user and sends nothing. Either way the
 * response is the event as it came, which is what Cognito expects.
 */
public final class PostConfirmationService {
    public static final String CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";
    public static final String CONFIRM_FORGOT_PASSWORD = "PostConfirmation_ConfirmForgotPassword";
    /** Time kept back from Lambda's deadline so the function can still answer after giving up. */
    static final Duration SAFETY_MARGIN = Duration.ofMillis(300);

    private static final Logger LOG = LoggerFactory.getLogger(PostConfirmationService.class);

    private final WorkQueue queue;
    private final Duration publishBudget;

    public PostConfirmationService(WorkQueue queue, Duration publishBudget) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.publishBudget = Objects.requireNonNull(publishBudget, "publishBudget");
    }

    public JsonNode handle(CognitoEvent event, Invocation invocation) throws MalformedEventException {
        switch (event.triggerSource()) {
            case CONFIRM_SIGN_UP -> publishConfirmed(event, invocation);
            case CONFIRM_FORGOT_PASSWORD -> LOG.info("password reset confirmed; nothing to publish");
            default -> throw new MalformedEventException("trigger source " + event.triggerSource()
                    + " is not a post-confirmation trigger source");
        }
        return event.json();
    }

    private void publishConfirmed(CognitoEvent event, Invocation invocation) throws MalformedEventException {
        UserConfirmed user = toUserConfirmed(event, invocation.startedAt());
        Instant deadline = invocation.deadlineWithin(publishBudget, SAFETY_MARGIN);
        try {
            String messageId = queue.send(UserConfirmedMessage.toQueueMessage(user), deadline);
            LOG.info("published user.confirmed for sub {} (email {}), message id {}", user.sub(),
                    Redaction.maskEmail(user.email()), messageId);
        } catch (QueueUnavailableException e) {
            LOG.error("could not publish user.confirmed for sub {} after {} attempts: {}", user.sub(), e.attempts(),
                    e.getMessage(), e);
            throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
        }
    }

    static UserConfirmed toUserConfirmed(CognitoEvent event, Instant now) throws MalformedEventException {
        Map<String, String> attributes = event.userAttributes();
        String sub = attributes.get("sub");
        if (sub == null || sub.isBlank()) {
            throw new MalformedEventException("request.userAttributes.sub is missing");
        }
        if (event.userName() == null || event.userName().isBlank()) {
            throw new MalformedEventException("userName is missing or blank");
        }
        String email = attributes.get("email");
        boolean verified = "true".equalsIgnoreCase(attributes.get("email_verified"));
        return new UserConfirmed(event.userPoolId(), sub, event.userName(), email, verified,
                IdentityProviders.primaryProvider(attributes.get("identities")), event.triggerSource(), now);
    }
}
