package io.cognitosuite.testing;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An ElasticMQ server speaking the SQS protocol on a free loopback port. Tests talk to it through the
 * real AWS SDK {@code SqsClient} with an endpoint override.
 */
public final class EmbeddedSqsServer implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqsServer(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static EmbeddedSqsServer start() {
        return start(0);
    }

    /** Starts on the given port, or on a free one when {@code port} is 0. */
    public static EmbeddedSqsServer start(int port) {
        var builder = port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port);
        SQSRestServer server = builder.withInterface("127.0.0.1").withAWSRegion("us-east-1").start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        return new EmbeddedSqsServer(server, bound);
    }

    /** The endpoint to give the SDK ({@code endpointOverride} or {@code AWS_ENDPOINT_URL_SQS}). */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
