package io.cognitosuite.tools.support.users;

import io.cognitosuite.aws.sqs.DeadLetterQueueException;
import io.cognitosuite.aws.sqs.QueuePair;
import io.cognitosuite.aws.sqs.SqsDeadLetterQueues;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.tools.support.SupportSession;
import io.cognitosuite.tools.support.UsageException;
import io.cognitosuite.tools.support.dlq.DeadLetterInspector;
import io.cognitosuite.tools.support.dlq.InspectedMessage;
import io.cognitosuite.tools.support.dlq.QueueOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The dead letters of one user: every dead-letter queue the {@link QueueOptions} name is read as {@code dlq peek}
 * reads it (each message released at once) and the messages whose body names one of the user's subs are kept, with
 * the reason {@code peek} would print.
 */
final class DeadLetterSection {
    /** The most dead letters read per queue while looking for the user's. */
    static final int SCAN_MAX = 1000;

    private DeadLetterSection() {
    }

    /** One dead letter of the user, and the queue it waits in. */
    record Letter(String queue, InspectedMessage message) {
    }

    /** What was found; {@code note} says why nothing could be read when SQS did not answer. */
    record Found(List<Letter> messages, String note, boolean complete) {
        Map<String, Object> json(SupportSession session) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("note", note);
            m.put("messages", messages.stream().map(l -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("queue", l.queue());
                j.put("messageId", l.message().messageId());
                j.put("type", l.message().type());
                j.put("sub", l.message().sub());
                j.put("email", session.email(l.message().email()));
                j.put("receiveCount", l.message().message().receiveCount());
                j.put("sentAt", UsersShowCommand.time(l.message().message().sentAt()));
                j.put("reason", l.message().reasonCode());
                j.put("bodyProblem", l.message().bodyProblem());
                j.put("advice", l.message().advice());
                return j;
            }).toList());
            return m;
        }

        String text(SupportSession session) {
            StringBuilder out = new StringBuilder("dead letters: ").append(note).append('\n');
            for (Letter l : messages) {
                InspectedMessage m = l.message();
                out.append(String.format("  %-13s %s in %s, %d receives, sent %s%n", m.reasonCode(), m.messageId(),
                        l.queue(), m.message().receiveCount(), UsersShowCommand.time(m.message().sentAt())));
                out.append(String.format("  %-13s %s%n", "", m.bodyProblem() != null ? "body: " + m.bodyProblem()
                        : m.failure() != null ? "recorded: " + m.failure().detail() : "body valid"));
                out.append(String.format("  %-13s -> %s%n", "", m.advice()));
            }
            return out.toString();
        }
    }

    static Found find(SupportSession session, QueueOptions queues, Set<String> subs) {
        if (subs.isEmpty()) {
            return new Found(List.of(), "not looked for: no sub is known for this user", true);
        }
        SqsDeadLetterQueues dlq = new SqsDeadLetterQueues(session.sqs());
        DeadLetterInspector inspector = new DeadLetterInspector(
                Optional.of(new JdbcProvisioningFailures(session.database())), session.runtime().clock());
        List<Letter> letters = new ArrayList<>();
        List<QueuePair> pairs;
        try {
            pairs = queues.pairs(dlq);
        } catch (UsageException noQueue) {
            return new Found(List.of(), "no dead-letter queue found (name one with --queue-url)", true);
        } catch (DeadLetterQueueException | SdkException e) {
            return new Found(List.of(), "could not read the queues (" + why(e) + ")", false);
        }
        try {
            for (QueuePair pair : pairs) {
                Map<String, InspectedMessage> picked = new LinkedHashMap<>();
                dlq.peek(pair, SCAN_MAX, batch -> {
                    List<InspectedMessage> mine = inspector.inspect(batch).stream()
                            .filter(m -> m.sub() != null && subs.contains(m.sub())).toList();
                    mine.forEach(m -> picked.putIfAbsent(m.messageId(), m));
                    return mine.stream().map(InspectedMessage::messageId).collect(Collectors.toSet());
                });
                picked.values().forEach(m -> letters.add(new Letter(pair.deadLetterName(), m)));
            }
        } catch (DeadLetterQueueException | SdkException e) {
            return new Found(letters, "could not read every dead-letter queue (" + why(e) + ")", false);
        }
        String names = pairs.stream().map(QueuePair::deadLetterName).collect(Collectors.joining(", "));
        return new Found(letters, letters.isEmpty() ? "none for this user in " + names
                : letters.size() + " for this user in " + names, true);
    }

    /** The adapter's message names the API and the error code only; the SDK's own is reduced to its code. */
    private static String why(RuntimeException e) {
        return e instanceof SdkException sdk ? io.cognitosuite.aws.AwsErrorCode.withStatus(sdk) : e.getMessage();
    }
}
