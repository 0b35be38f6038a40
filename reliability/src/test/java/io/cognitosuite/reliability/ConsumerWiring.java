package io.cognitosuite.reliability;

import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The provisioning consumer as Lambda and the local stack build it, for the scenarios: {@link
 * ConsumerComponents#userProvisioning} over a function environment (the database's coordinates and the settings a
 * scenario names) and {@link ConsumerConnections} to the test's servers. Each {@link #handler} is one Lambda execution
 * environment: its own failure recorder and, unless the scenario shares one ({@link #sharing}), its own pool, which
 * {@link #close} closes.
 *
 * <p>By default there is no relay pass after a batch ({@code RELAY_AFTER_BATCH_BUDGET_MS} 0, and a bus that fails the
 * test if a relay ever connects); {@link #relayingTo} gives one.
 */
public final class ConsumerWiring implements AutoCloseable {
    private final Map<String, String> environment = new HashMap<>();
    private final List<Database> pools = new CopyOnWriteArrayList<>();
    private Function<DatabaseSettings, Database> databases = this::poolOfItsOwn;
    private ConsumerConnections.EventBus eventBus = (bus, source, attempts) -> {
        throw new AssertionError("no relay pass after a batch in this scenario");
    };

    private ConsumerWiring(String jdbcUrl, String user, String password) {
        environment.put(DatabaseSettings.URL, Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        environment.put(DatabaseSettings.USER, Objects.requireNonNull(user, "user"));
        environment.put(DatabaseSettings.PASSWORD, Objects.requireNonNull(password, "password"));
        environment.put(RelaySettings.AFTER_BATCH_BUDGET, "0");
    }

    /** A consumer of the database at these coordinates, with the code's defaults for everything else. */
    public static ConsumerWiring over(String jdbcUrl, String user, String password) {
        return new ConsumerWiring(jdbcUrl, user, password);
    }

    /** template.yaml's database timeouts for {@code UserProvisioningFunction}: connect 3 s, statements 5 s. */
    public ConsumerWiring withTemplateTimeouts() {
        environment.put(DatabaseSettings.CONNECT_TIMEOUT, "3000");
        environment.put(DatabaseSettings.STATEMENT_TIMEOUT, "5000");
        return this;
    }

    /** The outage backoff ({@code OUTAGE_BACKOFF_*}), scaled down as a scenario's visibility timeout is. */
    public ConsumerWiring withOutageBackoff(int firstSeconds, int multiplier, int maxSeconds) {
        environment.put(OutageBackoffSettings.FIRST_SECONDS, Integer.toString(firstSeconds));
        environment.put(OutageBackoffSettings.MULTIPLIER, Integer.toString(multiplier));
        environment.put(OutageBackoffSettings.MAX_SECONDS, Integer.toString(maxSeconds));
        return this;
    }

    /** The relay pass after each batch, to {@code busName} on {@code eventBus}, within {@code budgetMillis}. */
    public ConsumerWiring relayingTo(ConsumerConnections.EventBus eventBus, String busName, int budgetMillis) {
        this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
        environment.put(RelaySettings.EVENT_BUS_NAME, Objects.requireNonNull(busName, "busName"));
        environment.put(RelaySettings.AFTER_BATCH_BUDGET, Integer.toString(budgetMillis));
        return this;
    }

    /** Every handler over the test's own {@code database} (not closed here) instead of a pool of its own. */
    public ConsumerWiring sharing(Database database) {
        Objects.requireNonNull(database, "database");
        this.databases = settings -> database;
        return this;
    }

    /** A new execution environment's handler, with the test's SQS client and {@code metrics}. */
    public ProvisioningHandler handler(SqsClient sqs, Metrics metrics) {
        Objects.requireNonNull(sqs, "sqs");
        ConsumerConnections connections = new ConsumerConnections(databases, () -> sqs, eventBus, metrics);
        return new ProvisioningHandler(ConsumerComponents.userProvisioning(Map.copyOf(environment), connections,
                Clock.systemUTC()));
    }

    private Database poolOfItsOwn(DatabaseSettings settings) {
        Database pool = Database.pooled(settings);
        pools.add(pool);
        return pool;
    }

    /** Closes the pools the handlers opened. */
    @Override
    public void close() {
        pools.forEach(Database::close);
    }
}
