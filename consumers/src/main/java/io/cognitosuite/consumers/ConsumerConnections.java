package io.cognitosuite.consumers;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.eventbridge.EventBridgeDomainEvents;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.port.DomainEvents;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What a consumer function reaches outside its own code: its database pool, SQS, the event bus and where its
 * metrics go. {@link #aws()} is what Lambda gets; the local stack and tests pass the same kinds of objects
 * pointed at local servers (the local stack, without an EventBridge endpoint, a bus that writes a file), so that
 * everything between the environment and these objects is wired by {@link ConsumerComponents} alone.
 *
 * @param databases opens the function's pool from the settings its environment names (once per function)
 * @param sqs       the SQS client, asked for once, and only by a function that changes message visibility
 * @param eventBus  how the outbox relay reaches the bus, asked only by a function that relays
 * @param metrics   where the functions' metric documents go
 */
public record ConsumerConnections(Function<DatabaseSettings, Database> databases, Supplier<SqsClient> sqs,
                                  EventBus eventBus, Metrics metrics) {
    public ConsumerConnections {
        Objects.requireNonNull(databases, "databases");
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(eventBus, "eventBus");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Lambda's: a HikariCP pool, SDK clients configured from the process environment ({@code AWS_REGION},
     * {@code AWS_ENDPOINT_URL_*}), each built only when a function asks for it, and EMF metrics on standard output.
     */
    public static ConsumerConnections aws() {
        return new ConsumerConnections(Database::pooled, () -> AwsClients.configured(SqsClient.builder()).build(),
                EventBus.eventBridge(() -> AwsClients.configured(EventBridgeClient.builder()).build()), new EmfMetrics());
    }

    /** The event bus the outbox relay publishes to. */
    @FunctionalInterface
    public interface EventBus {
        /**
         * @param busName         {@code EVENT_BUS_NAME}
         * @param source          {@code EVENT_SOURCE}, the events' {@code source}
         * @param publishAttempts {@code EVENT_PUBLISH_ATTEMPTS}, sends per event within a pass
         */
        DomainEvents connect(String busName, String source, int publishAttempts);

        /** EventBridge through the client (built when a relay connects), with the retry production uses. */
        static EventBus eventBridge(Supplier<EventBridgeClient> client) {
            Objects.requireNonNull(client, "client");
            return (busName, source, publishAttempts) -> new EventBridgeDomainEvents(client.get(), busName, source,
                    publishAttempts, EventBridgeDomainEvents.DEFAULT_FIRST_BACKOFF,
                    EventBridgeDomainEvents.DEFAULT_ATTEMPT_TIMEOUT);
        }
    }
}
