package io.cognitosuite.benchmarks;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Post-confirmation's warm publish: the handler as {@code TriggerFunctions} wires it (the V1 confirmation event's
 * bytes in, {@code user.confirmed} sent to SQS, the response bytes out) against a raw {@code SendMessage} of the body
 * and message attributes the handler sends (read back from the queue once) through the same SDK client, on embedded
 * ElasticMQ, interleaved (one of each per round; the queue purged every 1,000 rounds).
 */
final class PublishBenchmark {
    /** The target: the handler's p50 at most 1.2 times the raw send's. */
    static final double TARGET_RATIO = 1.2;

    private PublishBenchmark() {
    }

    static void run(boolean quick) throws Exception {
        try (EmbeddedSqsServer server = EmbeddedSqsServer.start();
             SqsClient sqs = AwsClients.configured(SqsClient.builder()).endpointOverride(server.endpoint())
                     .region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .build()) {
            String queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, "bench-user-confirmed", 5, 30).queueUrl();
            EmfMetrics metrics = new EmfMetrics(new DocumentSinkEnvironment("benchmark", document -> { }), EmfMetrics.NAMESPACE);
            // template.yaml's settings for the function, pointed at this queue
            PostConfirmationHandler handler = new TriggerFunctions(Map.of("USER_CONFIRMED_QUEUE_URL", queueUrl,
                    "PUBLISH_BUDGET_MS", "2000"), metrics, Clock.systemUTC()).postConfirmation(sqs);
            String template = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");
            // The baseline sends what the handler sends: its body and message attributes, read back from the queue.
            String sampleSub = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
            handler.handleRequest(new ByteArrayInputStream(template.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    new FakeLambdaContext(PostConfirmationHandler.FUNCTION, Duration.ofSeconds(4)));
            Message sent = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl).messageAttributeNames("All")
                    .waitTimeSeconds(2).build()).messages().get(0);
            int warmup = 2_000;
            int rounds = quick ? 5_000 : 10_000;
            long[] raw = new long[rounds];
            long[] published = new long[rounds];
            int bodyBytes = 0;
            for (int i = -warmup; i < rounds; i++) {
                String sub = UUID.randomUUID().toString();
                byte[] event = template.replace("7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b", sub).getBytes(StandardCharsets.UTF_8);
                String body = sent.body().replace(sampleSub, sub);
                bodyBytes = body.length();
                SendMessageRequest request = SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body)
                        .messageAttributes(sent.messageAttributes()).build();
                long started = System.nanoTime();
                sqs.sendMessage(request);
                long rawTook = System.nanoTime() - started;
                FakeLambdaContext context = new FakeLambdaContext(PostConfirmationHandler.FUNCTION, Duration.ofSeconds(4));
                ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
                started = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), out, context);
                long handlerTook = System.nanoTime() - started;
                if (i >= 0) {
                    raw[i] = rawTook;
                    published[i] = handlerTook;
                }
                if (i % 1_000 == 0) {
                    sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(queueUrl).build());
                }
            }
            double[] r = InterleavedRun.p50p99Micros(raw);
            double[] h = InterleavedRun.p50p99Micros(published);
            System.out.println();
            System.out.printf(Locale.ROOT, "Post-confirmation publish, warm, interleaved: %d rounds (microseconds)%n", rounds);
            System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "", "p50", "p99");
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "raw SendMessage, " + bodyBytes + "-byte body", r[0], r[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "post-confirmation handler", h[0], h[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio handler / raw send", h[0] / r[0], h[1] / r[1]);
            System.out.printf(Locale.ROOT, "p50 handler / raw send target <= %.2f: %s%n", TARGET_RATIO,
                    h[0] / r[0] <= TARGET_RATIO ? "met" : "NOT met");
        }
    }
}
