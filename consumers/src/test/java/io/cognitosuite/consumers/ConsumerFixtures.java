package io.cognitosuite.consumers;

import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.SqsTestClients;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Tests that build a consumer as production does, through {@link ConsumerComponents}: the environment names the
 * test's database, and the connections hand the composition root the test's own pool (so its tuned timeouts and
 * its closing stay the test's), clients pointed at local servers and recording metrics.
 */
public final class ConsumerFixtures {
    private ConsumerFixtures() {
    }

    /** The database variables for {@code db}, plus {@code variables}. */
    public static Map<String, String> environment(DatabaseCoordinates db, Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>();
        environment.put(DatabaseSettings.URL, db.jdbcUrl());
        environment.put(DatabaseSettings.USER, db.user());
        environment.put(DatabaseSettings.PASSWORD, db.password());
        environment.putAll(variables);
        return environment;
    }

    /** Connections over the test's pool, whatever database settings the environment gives. */
    public static ConsumerConnections connections(Database database, SqsClient sqs, EventBridgeClient eventBridge,
                                                  Metrics metrics) {
        return new ConsumerConnections(settings -> database, () -> sqs, ConsumerConnections.EventBus.eventBridge(() -> eventBridge),
                metrics);
    }

    /** An SQS client to a port nothing listens on, for a test in which no message's visibility is ever changed. */
    public static SqsClient unusedSqs() {
        return SqsTestClients.client(URI.create("http://127.0.0.1:1"));
    }
}
