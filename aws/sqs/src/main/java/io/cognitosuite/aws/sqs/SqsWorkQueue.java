package io.cognitosuite.aws.sqs;

import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.aws.AwsFailures;
import io.cognitosuite.aws.DeadlineRetry;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.port.WorkQueue;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * {@link WorkQueue} on Amazon SQS. Each attempt gets at most 700 ms (less when the deadline is nearer),
 * so one stalled connection cannot use the whole budget; transient failures (network, timeouts, throttling, 5xx:
 * {@link AwsFailures#isTransient}) are retried with jittered exponential backoff ({@link DeadlineRetry}) while time
 * remains. A message SQS refuses for what it holds (characters it cannot carry, too large) fails at the first refusal
 * with {@link MessageRejectedException}: no retry can change it. Message attributes carry the type and version; FIFO
 * queues also get the idempotency key as deduplication id and the ordering key as group.
 */
public final class SqsWorkQueue implements WorkQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsWorkQueue.class);
    /** Below this much time left an attempt is not worth starting. */
    static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(50);
    private static final int MAX_ATTEMPTS = 6;
    /** Error codes by which SQS (or ElasticMQ) refuses a message for what it holds. */
    private static final Set<String> MESSAGE_REFUSALS = Set.of("InvalidMessageContents", "InvalidAttributeValue",
            "InvalidAttributeName", "InvalidParameterValue", "MessageTooLong");
    /** One attempt never takes more than this, so a stalled connection leaves time to retry. */
    static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(700);
    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);

    private final SqsClient sqs;
    private final String queueUrl;
    private final DeadlineRetry retry;
    private final boolean fifo;

    public SqsWorkQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, DEFAULT_FIRST_BACKOFF, DEFAULT_ATTEMPT_TIMEOUT);
    }

    public SqsWorkQueue(SqsClient sqs, String queueUrl, Duration firstBackoff, Duration attemptTimeout) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.fifo = queueUrl.endsWith(".fifo");
        this.retry = DeadlineRetry.builder("sqs-send")
                .maxAttempts(MAX_ATTEMPTS)
                .firstBackoff(firstBackoff)
                .minimumAttempt(MINIMUM_ATTEMPT)
                .attemptTimeout(attemptTimeout)
                .build();
    }

    @Override
    public String send(QueueMessage message, Deadline deadline) throws QueueUnavailableException, MessageRejectedException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(deadline, "deadline");
        AtomicInteger attempts = new AtomicInteger();
        try {
            return retry.call(deadline, () -> {
                attempts.incrementAndGet();
                Duration timeout = retry.callTimeout(deadline).orElseThrow(DeadlinePassedException::new);
                return sqs.sendMessage(request(message, timeout)).messageId();
            });
        } catch (DeadlinePassedException e) {
            throw new QueueUnavailableException("deadline passed before the message was sent", attempts.get(), e);
        } catch (SdkException e) {
            LOG.debug("send failed after {} attempts: {}", attempts.get(), AwsErrorCode.withStatus(e));
            if (refusesTheMessage(e)) {
                // No cause: the SDK's message may quote what SQS refused, and the body holds the whole email.
                throw new MessageRejectedException(AwsErrorCode.of(e));
            }
            // A service's answer may quote the request (the body holds the whole email): keep only its code. A
            // client-side failure (timeout, connection) is described by our own HTTP client, so it stays the cause.
            throw new QueueUnavailableException("queue did not accept the message: " + AwsErrorCode.withStatus(e),
                    attempts.get(), e instanceof AwsServiceException ? null : e);
        }
    }

    private SendMessageRequest request(QueueMessage message, Duration timeout) {
        SendMessageRequest.Builder b = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(message.body())
                .messageAttributes(Map.of(
                        "type", MessageAttributeValue.builder().dataType("String").stringValue(message.type()).build(),
                        "version", MessageAttributeValue.builder().dataType("Number")
                                .stringValue(Integer.toString(message.version())).build()))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout));
        if (fifo) {
            b.messageGroupId(message.orderingKey()).messageDeduplicationId(dedupId(message.idempotencyKey()));
        }
        return b.build();
    }

    /** FIFO deduplication ids allow 128 characters of a limited alphabet. */
    private static String dedupId(String key) {
        String cleaned = key.replaceAll("[^A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]", "_");
        return cleaned.length() <= 128 ? cleaned : cleaned.substring(0, 128);
    }

    /**
     * SQS refuses this message, not the request or the queue: characters outside its allowed set
     * ({@code InvalidMessageContents}; ElasticMQ answers {@code InvalidAttributeValue}), a body or attribute
     * too large ({@code InvalidParameterValue}, {@code MessageTooLong}). Another attempt cannot change that.
     * Anything else (a missing queue, denied access, KMS trouble) is not the message's fault and stays
     * {@link QueueUnavailableException}; such 4xx errors are not retried either ({@link AwsFailures#isTransient}).
     */
    static boolean refusesTheMessage(Throwable e) {
        return e instanceof InvalidMessageContentsException || e instanceof InvalidAttributeValueException
                || e instanceof InvalidAttributeNameException
                || e instanceof SqsException sqs && MESSAGE_REFUSALS.contains(AwsErrorCode.of(sqs));
    }

    /** Internal signal: no time left for another attempt. */
    private static final class DeadlinePassedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlinePassedException() {
            super("deadline passed", null, false, false);
        }
    }
}
