package io.cognitosuite.reliability.outage;

import io.cognitosuite.postgres.testing.StoppableDatabase;
import io.cognitosuite.testing.LocalSqs;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The servers of an outage scenario, one set per test class: ElasticMQ and a PostgreSQL server of the class's own
 * that the test stops and starts again ({@link StoppableDatabase}). A refused connection fails fast (a connect
 * timeout of at most {@link #CONNECT_TIMEOUT}), well inside the shortened visibility timeouts. Registered as
 * {@code @RegisterExtension static final OutageServers servers = new OutageServers();}: started after the log
 * hygiene capture begins (autodetected extensions come first) and closed before its scan.
 */
final class OutageServers implements BeforeAllCallback, AfterAllCallback {
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private LocalSqs local;
    private StoppableDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) {
        local = LocalSqs.start();
        database = StoppableDatabase.start(settings -> settings.withConnectTimeoutAtMost(CONNECT_TIMEOUT));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.close();
        }
        if (local != null) {
            local.close();
        }
    }

    SqsClient sqs() {
        return local.client();
    }

    /** The stoppable server and the test's pool over it. */
    StoppableDatabase database() {
        return database;
    }

    /** The consumer under test and its counts, for users whose {@code sub} starts with {@code subPrefix}. */
    ConsumerUnderOutage scenario(String subPrefix) {
        return new ConsumerUnderOutage(sqs(), database, subPrefix);
    }
}
