package io.cognitosuite.consumers.internal;

import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.aws.eventbridge.EventBridgeDomainEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the outbox relay, read once from the environment.
 *
 * @param eventBusName     {@code EVENT_BUS_NAME}, required: the bus name or ARN events are put on
 * @param eventSource      {@code EVENT_SOURCE}, default {@code io.cognitosuite}: the events' {@code source}
 * @param batchSize        {@code RELAY_BATCH_SIZE}, default 50 (1–500): events claimed per pass
 * @param runBudget        {@code RELAY_BUDGET_MS}, default 20000: how long one scheduled run keeps relaying
 * @param afterBatchBudget {@code RELAY_AFTER_BATCH_BUDGET_MS}, default 1000: the one pass the provisioning
 *                         consumer runs after committing a batch; 0 turns it off
 * @param publishAttempts  {@code EVENT_PUBLISH_ATTEMPTS}, default 3 (1–10): sends per event within a pass
 *                         when EventBridge throttles or fails internally
 */
public record RelaySettings(String eventBusName, String eventSource, int batchSize, Duration runBudget,
                            Duration afterBatchBudget, int publishAttempts) {
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";
    public static final String BATCH_SIZE = "RELAY_BATCH_SIZE";
    public static final String BUDGET = "RELAY_BUDGET_MS";
    public static final String AFTER_BATCH_BUDGET = "RELAY_AFTER_BATCH_BUDGET_MS";
    public static final String PUBLISH_ATTEMPTS = "EVENT_PUBLISH_ATTEMPTS";

    /** Below this a pass cannot claim, publish and mark; a shorter after-batch budget would never relay. */
    static final long MINIMUM_AFTER_BATCH_MILLIS = 500;

    // EventBridge's own rules: a bus name, or the ARN of one; a source of letters, digits and ._- that does
    // not claim to be AWS.
    private static final Pattern BUS = Pattern.compile(
            "(arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/)?[/.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern SOURCE = Pattern.compile("[.\\-_A-Za-z0-9]{1,256}");

    public RelaySettings {
        Objects.requireNonNull(eventBusName, "eventBusName");
        Objects.requireNonNull(eventSource, "eventSource");
        Objects.requireNonNull(runBudget, "runBudget");
        Objects.requireNonNull(afterBatchBudget, "afterBatchBudget");
    }

    /** The settings of the scheduled relay function; {@code EVENT_BUS_NAME} is required. */
    public static RelaySettings fromEnvironment(Map<String, String> environment) {
        return read(new EnvironmentReader(environment));
    }

    /**
     * The settings of the pass the provisioning consumer runs after each committed batch, or empty when
     * {@code RELAY_AFTER_BATCH_BUDGET_MS} is 0; {@code EVENT_BUS_NAME} is required unless it is.
     */
    public static Optional<RelaySettings> afterBatch(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        if (env.millis(AFTER_BATCH_BUDGET, 1000, 0, 10_000).isZero()) {
            env.throwIfInvalid();
            return Optional.empty();
        }
        return Optional.of(read(env));
    }

    private static RelaySettings read(EnvironmentReader env) {
        String bus = env.required(EVENT_BUS_NAME);
        String source = env.optional(EVENT_SOURCE, EventBridgeDomainEvents.DEFAULT_SOURCE);
        int batchSize = env.integer(BATCH_SIZE, 50, 1, 500);
        Duration budget = env.millis(BUDGET, 20_000, 1_000, 900_000);
        Duration afterBatch = env.millis(AFTER_BATCH_BUDGET, 1_000, 0, 10_000);
        int attempts = env.integer(PUBLISH_ATTEMPTS, EventBridgeDomainEvents.DEFAULT_MAX_ATTEMPTS, 1, 10);
        if (!bus.isEmpty() && !BUS.matcher(bus).matches()) {
            env.problem(EVENT_BUS_NAME + " must be an event bus name or ARN but is '" + bus + "'");
        }
        if (!SOURCE.matcher(source).matches() || source.startsWith("aws.")) {
            env.problem(EVENT_SOURCE + " must be 1-256 letters, digits, '.', '-' or '_' and must not start with 'aws.'"
                    + " but is '" + source + "'");
        }
        if (!afterBatch.isZero() && afterBatch.toMillis() < MINIMUM_AFTER_BATCH_MILLIS) {
            env.problem(AFTER_BATCH_BUDGET + " must be 0 (off) or at least " + MINIMUM_AFTER_BATCH_MILLIS
                    + " milliseconds but is " + afterBatch.toMillis());
        }
        env.throwIfInvalid();
        return new RelaySettings(bus, source, batchSize, budget, afterBatch, attempts);
    }
}
