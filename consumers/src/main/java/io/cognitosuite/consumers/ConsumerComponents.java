package io.cognitosuite.consumers;

import io.cognitosuite.consumers.ConsumerConnections.EventBus;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.provisioning.AfterCommit;
import io.cognitosuite.consumers.provisioning.FailureRecorder;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import io.cognitosuite.consumers.provisioning.ProvisioningService;
import io.cognitosuite.consumers.provisioning.SqsBatchProcessor;
import io.cognitosuite.consumers.relay.OutboxRelay;
import io.cognitosuite.consumers.relay.ScheduledRelayProcessor;
import io.cognitosuite.aws.sqs.SqsRedelivery;
import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcOutbox;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root of the consumers artifact: one method per deployed function, each building that
 * function's processor from the function's environment (the variables {@code template.yaml} gives it) and its
 * {@link ConsumerConnections}. The Lambda handlers' no-argument constructors call these with the process
 * environment and {@link ConsumerConnections#aws()}; the local stack calls the same methods with the environment
 * it builds and connections to its local servers, so both run the same wiring and the same settings.
 *
 * <p>Every settings record is read before anything is built, and one {@link ConfigurationException} names every
 * bad or missing variable; a variable whose value is null is unset, as if its name were absent (the settings readers'
 * rule, {@link io.cognitosuite.core.config.EnvironmentReader}). Nothing here connects: pools and clients connect on
 * first use.
 */
public final class ConsumerComponents {
    /** The provisioning consumer's function name, as its logs and metrics name it. */
    public static final String USER_PROVISIONING = "UserProvisioning";
    /** The scheduled relay's function name, as its logs name it. */
    public static final String OUTBOX_RELAY = "OutboxRelay";

    private ConsumerComponents() {
    }

    /**
     * The provisioning consumer of the {@code user.confirmed} queue: messages that failed because the database was
     * unavailable come back after the {@code OUTAGE_BACKOFF_*} schedule, every failed message is recorded in
     * {@code provisioning_failures} over the same pool (one recorder, and so one pending list, per processor), and
     * after each batch that created users one outbox relay pass runs over the same pool, unless
     * {@code RELAY_AFTER_BATCH_BUDGET_MS} is 0.
     */
    public static SqsBatchProcessor userProvisioning(Map<String, String> environment, ConsumerConnections connections,
                                                     Clock clock) {
        List<String> problems = new ArrayList<>();
        Optional<RelaySettings> relaySettings = read(() -> RelaySettings.afterBatch(environment), problems);
        OutageBackoff backoff = read(() -> OutageBackoffSettings.fromEnvironment(environment), problems);
        DatabaseSettings databaseSettings = read(() -> DatabaseSettings.fromEnvironment(environment), problems);
        failIfAny(problems);
        Database database = connections.databases().apply(databaseSettings);
        AfterCommit afterCommit = relaySettings
                .map(settings -> afterBatch(settings, outboxRelay(settings, database, connections)))
                .orElse(AfterCommit.NONE);
        ProvisioningService service = new ProvisioningService(new JdbcAppUsers(database), connections.metrics(),
                new SqsRedelivery(connections.sqs().get()), backoff,
                new FailureRecorder(new JdbcProvisioningFailures(database),
                        FailureRecorder.budgetFor(databaseSettings.connectTimeout(), databaseSettings.validationTimeout()),
                        clock), clock);
        return new SqsBatchProcessor(USER_PROVISIONING, service, afterCommit);
    }

    /** The scheduled relay: each run relays for up to {@code RELAY_BUDGET_MS}, ending before the function times out. */
    public static ScheduledRelayProcessor outboxRelay(Map<String, String> environment, ConsumerConnections connections,
                                                      Clock clock) {
        List<String> problems = new ArrayList<>();
        RelaySettings settings = read(() -> RelaySettings.fromEnvironment(environment), problems);
        DatabaseSettings databaseSettings = read(() -> DatabaseSettings.fromEnvironment(environment), problems);
        failIfAny(problems);
        OutboxRelay relay = outboxRelay(settings, connections.databases().apply(databaseSettings), connections);
        return new ScheduledRelayProcessor(OUTBOX_RELAY, relay, settings.runBudget(), clock);
    }

    /** One relay pass within {@code RELAY_AFTER_BATCH_BUDGET_MS}, never failing the batch it follows. */
    private static AfterCommit afterBatch(RelaySettings settings, OutboxRelay relay) {
        return functionDeadline -> relay.tryOnePass(settings.afterBatchBudget(), functionDeadline);
    }

    private static OutboxRelay outboxRelay(RelaySettings settings, Database database, ConsumerConnections connections) {
        EventBus bus = connections.eventBus();
        return new OutboxRelay(new JdbcOutbox(database),
                bus.connect(settings.eventBusName(), settings.eventSource(), settings.publishAttempts()),
                connections.metrics(), settings.batchSize());
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
