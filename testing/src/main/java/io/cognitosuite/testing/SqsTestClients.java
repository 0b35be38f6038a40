package io.cognitosuite.testing;

import io.cognitosuite.aws.AwsClients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real SDK clients pointed at a local SQS-compatible server, as production builds them but for the endpoint. */
public final class SqsTestClients {
    private SqsTestClients() {
    }

    public static SqsClient client(URI endpoint) {
        return local(SqsClient.builder(), endpoint).build();
    }

    /**
     * Any service's builder configured as production configures it ({@link AwsClients#configured}), pointed at a
     * local server (ElasticMQ, WireMock) with a region and keys that could never reach AWS.
     */
    public static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B local(B builder, URI endpoint) {
        return AwsClients.configured(builder)
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }
}
