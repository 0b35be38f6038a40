package io.cognitosuite.tools.support.dlq;

import io.cognitosuite.aws.sqs.QueuePair;
import io.cognitosuite.aws.sqs.SqsDeadLetterQueues;
import io.cognitosuite.tools.support.UsageException;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Which queues a {@code dlq} command works on (a picocli mixin). */
public final class QueueOptions {
    /** The template names every queue {@code cognito-suite-<stage>-…}. */
    public static final String DEFAULT_PREFIX = "cognito-suite";

    @Option(names = "--queue-url", paramLabel = "URL",
            description = "A source queue or its dead-letter queue (e.g. the stack output UserConfirmedDeadLetterQueueUrl).")
    String queueUrl;

    @Option(names = "--queue-prefix", paramLabel = "PREFIX", defaultValue = DEFAULT_PREFIX,
            description = "Else every queue whose name starts with this and that has a redrive policy "
                    + "(default ${DEFAULT-VALUE}: every stage's, the local stack's cognito-suite-local-… too).")
    String queuePrefix;

    /** The pairs named; none found is a usage error with a hint. */
    public List<QueuePair> pairs(SqsDeadLetterQueues queues) {
        List<QueuePair> pairs = queueUrl != null ? queues.pairsOf(queueUrl.strip()) : queues.pairsByPrefix(queuePrefix);
        if (pairs.isEmpty()) {
            throw new UsageException("no queue with a dead-letter queue has a name starting with the prefix given",
                    "name the queue with --queue-url or another --queue-prefix; for the local stack, source "
                            + ".cognito-suite/local.env first (AWS_ENDPOINT_URL_SQS)");
        }
        return pairs;
    }

    /** The one pair a change works on: a change to several queues at once is refused (stages share a prefix). */
    QueuePair onePair(SqsDeadLetterQueues queues) {
        List<QueuePair> pairs = pairs(queues);
        if (pairs.size() > 1) {
            throw new UsageException(pairs.size() + " queues with a dead-letter queue match: "
                    + pairs.stream().map(QueuePair::sourceName).collect(Collectors.joining(", ")),
                    "name one with --queue-url or a longer --queue-prefix (e.g. cognito-suite-prod-)");
        }
        return pairs.get(0);
    }

    /** For the audit record: how the queues were named. */
    String describe() {
        return queueUrl != null ? queueUrl.strip() : "prefix " + queuePrefix;
    }
}
