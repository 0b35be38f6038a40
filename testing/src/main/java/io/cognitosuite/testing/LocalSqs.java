package io.cognitosuite.testing;

import io.cognitosuite.testing.EmbeddedSqsServer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;

/** An ElasticMQ server and a real SDK client configured for it, started together and closed together. */
public final class LocalSqs implements AutoCloseable {
    private final EmbeddedSqsServer server;
    private final SqsClient client;

    private LocalSqs(EmbeddedSqsServer server) {
        this.server = server;
        this.client = SqsTestClients.client(server.endpoint());
    }

    public static LocalSqs start() {
        return new LocalSqs(EmbeddedSqsServer.start());
    }

    public SqsClient client() {
        return client;
    }

    public EmbeddedSqsServer server() {
        return server;
    }

    /** Creates a plain queue and returns its URL. */
    public String createQueue(String name) {
        return client.createQueue(CreateQueueRequest.builder().queueName(name).build()).queueUrl();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
