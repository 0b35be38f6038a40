package io.cognitosuite.tools.support.dlq;

import io.cognitosuite.aws.sqs.DeadLetter;
import io.cognitosuite.core.domain.ProvisioningFailure;
import java.util.Objects;

/**
 * A dead letter with what support needs to decide about it.
 *
 * @param message     the message as the queue holds it
 * @param type        the {@code type} message attribute, else the body's {@code type}; {@code null} when neither
 * @param sub         the body's {@code sub} (read even from an invalid body, as text), {@code null} when absent
 * @param email       the body's {@code email}, whole: masked when printed unless {@code --show-pii}
 * @param bodyProblem why the body breaks the {@code user.confirmed} contract (the consumer's own rules), {@code null}
 *                    when it is valid
 * @param failure     the failure the consumer recorded for it, {@code null} when none is (or no database was given)
 * @param reasonCode  the reason: the recorded one, else {@code invalid_message} when the body is invalid, else
 *                    {@code unknown}
 * @param advice      one sentence on what it means and what to do
 */
public record InspectedMessage(DeadLetter message, String type, String sub, String email, String bodyProblem,
                               ProvisioningFailure failure, String reasonCode, String advice) {
    /** The reason of a dead letter that neither its body nor a record explains. */
    public static final String UNKNOWN = "unknown";

    public InspectedMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(advice, "advice");
    }

    public String messageId() {
        return message.messageId();
    }
}
