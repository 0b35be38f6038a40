package io.cognitosuite.aws.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.sqs.SqsWorkQueue;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The EventBridge and SQS adapters through the real SDK clients against LocalStack. Needs Docker: without
 * it the class is skipped, not failed (WireMock and ElasticMQ cover the same paths without Docker).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT {
    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0")).withServices("events", "sqs");

    @Test
    void publishedEvent_reachesAQueueThroughARuleOnTheBus() {
        try (EventBridgeClient eventBridge = eventBridge(); SqsClient sqs = sqs()) {
            // given a bus whose rule sends the suite's events to a queue
            String queueUrl = sqs.createQueue(b -> b.queueName("relay-target")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            eventBridge.createEventBus(b -> b.name("cognito-suite"));
            eventBridge.putRule(b -> b.name("all-suite-events").eventBusName("cognito-suite")
                    .eventPattern("{\"source\":[\"io.cognitosuite\"]}"));
            eventBridge.putTargets(b -> b.rule("all-suite-events").eventBusName("cognito-suite")
                    .targets(Target.builder().id("queue").arn(queueArn).build()));
            UUID user = UUID.randomUUID();
            OutboxEvent event = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", user,
                    "{\"version\":1,\"appUserId\":\"" + user + "\"}", Instant.now(), 0);

            // when
            PublishOutcome outcome = new EventBridgeDomainEvents(eventBridge, "cognito-suite", "io.cognitosuite")
                    .publish(List.of(event), Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));

            // then
            assertThat(outcome.published()).containsExactly(event.id());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
            assertThat(received).singleElement().satisfies(m -> {
                JsonNode envelope = parse(m.body());
                assertThat(envelope.path("source").asText()).isEqualTo("io.cognitosuite");
                assertThat(envelope.path("detail-type").asText()).isEqualTo("app_user.created");
                assertThat(envelope.path("detail").path("eventId").asText()).isEqualTo(event.id().toString());
                assertThat(envelope.path("detail").path("version").asInt()).isEqualTo(1);
            });
        }
    }

    @Test
    void workQueue_sendsAMessageThatCanBeReceived() throws Exception {
        try (SqsClient sqs = sqs()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("user-confirmed")).queueUrl();

            String id = new SqsWorkQueue(sqs, queueUrl)
                    .send(new QueueMessage("user.confirmed", 1, "{\"hello\":\"localstack\"}", "pool#sub", "sub"),
                            Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()));

            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
            assertThat(received).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo(id);
                assertThat(m.body()).isEqualTo("{\"hello\":\"localstack\"}");
            });
        }
    }

    private static EventBridgeClient eventBridge() {
        return AwsClients.configured(EventBridgeClient.builder()).endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion())).credentialsProvider(credentials()).build();
    }

    private static SqsClient sqs() {
        return AwsClients.configured(SqsClient.builder()).endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion())).credentialsProvider(credentials()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
