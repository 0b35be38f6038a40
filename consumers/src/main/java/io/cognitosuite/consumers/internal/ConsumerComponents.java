package io.cognitosuite.consumers.internal;

import io.cognitosuite.core.config.ConfigurationException;
import software.amazon.awssdk.services.sqs.SqsClient;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.aws.eventbridge.EventBridgeDomainEvents;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcOutbox;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.core.port.Redelivery;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.sqs.SqsRedelivery;
import io.cognitosuite.consumers.provisioning.AfterCommit;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import io.cognitosuite.consumers.provisioning.ProvisioningService;
import io.cognitosuite.consumers.provisioning.SqsBatchProcessor;
import io.cognitosuite.consumers.relay.OutboxRelay;
import io.cognitosuite.consumers.relay.ScheduledRelayProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Builds the production objects of the consumers artifact once per execution environment, and only for the
 * function actually deployed in it.
 */
public final class ConsumerComponents {
    private ConsumerComponents() {
    }

    /** Holder idiom: the provisioning graph is built on first use and then shared. */
    private static final class Provisioning {
        static final SqsBatchProcessor PROCESSOR = provisioningProcessor(System.getenv(), Clock.systemUTC());
    }

    private static final class Relay {
        static final ScheduledRelayProcessor PROCESSOR = relayProcessor(System.getenv(), Clock.systemUTC());
    }

    /** The deployed consumer, primed (no network) before the first batch or a SnapStart snapshot. */
    public static SqsBatchProcessor provisioningProcessor() {
        ConsumerPriming.prime();
        return Provisioning.PROCESSOR;
    }

    /**
     * The provisioning consumer; after each batch that created users it runs one outbox relay pass over the
     * same pool, unless {@code RELAY_AFTER_BATCH_BUDGET_MS} is 0.
     */
    public static SqsBatchProcessor provisioningProcessor(Map<String, String> environment, Clock clock) {
        List<String> problems = new ArrayList<>();
        Optional<RelaySettings> relaySettings = read(() -> RelaySettings.afterBatch(environment), problems);
        OutageBackoff backoff = read(() -> OutageBackoffSettings.fromEnvironment(environment), problems);
        DatabaseSettings databaseSettings = read(() -> DatabaseSettings.fromEnvironment(environment), problems);
        failIfAny(problems);
        Database database = Database.pooled(databaseSettings);
        Metrics metrics = new EmfMetrics();
        AfterCommit afterCommit = relaySettings
                .map(settings -> afterBatch(settings, outboxRelay(settings, database, AwsClients.configured(EventBridgeClient.builder()).build(), metrics)))
                .orElse(AfterCommit.NONE);
        return provisioningProcessor(database, metrics, afterCommit, new SqsRedelivery(AwsClients.configured(SqsClient.builder()).build()), backoff,
                clock);
    }

    /**
     * The provisioning consumer over the given pool, followed by {@code afterCommit} when a batch created users; it
     * never postpones a redelivery.
     */
    public static SqsBatchProcessor provisioningProcessor(Database database, Metrics metrics, AfterCommit afterCommit) {
        return provisioningProcessor(database, metrics, afterCommit, Redelivery.NONE, OutageBackoff.DEFAULT,
                Clock.systemUTC());
    }

    /**
     * The provisioning consumer as production wires it, over the given pool and redelivery (the local stack passes
     * one over its own SQS client): messages that failed because the database was unavailable come back after
     * {@code backoff}.
     */
    public static SqsBatchProcessor provisioningProcessor(Database database, Metrics metrics, AfterCommit afterCommit,
                                                         Redelivery redelivery, OutageBackoff backoff, Clock clock) {
        return new SqsBatchProcessor("UserProvisioning",
                new ProvisioningService(new JdbcAppUsers(database), metrics, redelivery, backoff, clock), afterCommit);
    }

    /** One relay pass within {@code RELAY_AFTER_BATCH_BUDGET_MS}, never failing the batch it follows. */
    public static AfterCommit afterBatch(RelaySettings settings, OutboxRelay relay) {
        return functionDeadline -> relay.tryOnePass(settings.afterBatchBudget(), functionDeadline);
    }

    /** The deployed relay, primed (no network) before the first run or a SnapStart snapshot. */
    public static ScheduledRelayProcessor relayProcessor() {
        ConsumerPriming.prime();
        return Relay.PROCESSOR;
    }

    public static ScheduledRelayProcessor relayProcessor(Map<String, String> environment, Clock clock) {
        List<String> problems = new ArrayList<>();
        RelaySettings settings = read(() -> RelaySettings.fromEnvironment(environment), problems);
        DatabaseSettings databaseSettings = read(() -> DatabaseSettings.fromEnvironment(environment), problems);
        failIfAny(problems);
        return relayProcessor(settings, Database.pooled(databaseSettings), AwsClients.configured(EventBridgeClient.builder()).build(), clock);
    }

    /** The scheduled relay over the given pool and client (tests pass a client pointed at a stub). */
    public static ScheduledRelayProcessor relayProcessor(RelaySettings settings, Database database,
                                                         EventBridgeClient client, Clock clock) {
        OutboxRelay relay = outboxRelay(settings, database, client, new EmfMetrics());
        return new ScheduledRelayProcessor("OutboxRelay", relay, settings.runBudget(), clock);
    }

    /** The relay as production wires it, over the given pool, client and metrics (tests pass stubs and recorders). */
    public static OutboxRelay outboxRelay(RelaySettings settings, Database database, EventBridgeClient client,
                                          Metrics metrics) {
        EventBridgeDomainEvents events = new EventBridgeDomainEvents(client, settings.eventBusName(),
                settings.eventSource(), settings.publishAttempts(), EventBridgeDomainEvents.DEFAULT_FIRST_BACKOFF,
                EventBridgeDomainEvents.DEFAULT_ATTEMPT_TIMEOUT);
        return new OutboxRelay(new JdbcOutbox(database), events, metrics, settings.batchSize());
    }

    /** Reads one settings record, collecting its problems so that one start-up failure names them all. */
    private static <T> T read(Supplier<T> settings, List<String> problems) {
        try {
            return settings.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static void failIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }
}
