package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.aws.sqs.SqsWorkQueue;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.testing.LocalSqs;
import io.cognitosuite.testing.SqsEventRecords;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Cognito's confirmation event → post-confirmation handler → ElasticMQ → consumer handler →
 * PostgreSQL, with the real SDK client and real databases; then the same message again and a batch
 * holding the same user twice.
 */
class EndToEndIT {
    private static final String SUB = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";

    private static LocalSqs local;
    private static SqsClient sqs;
    private static MigratedDatabase db;

    @BeforeAll
    static void start() {
        local = LocalSqs.start();
        sqs = local.client();
        db = MigratedDatabase.create("end_to_end");
    }

    @AfterAll
    static void stop() {
        db.close();
        local.close();
    }

    @Test
    void confirmedSignUp_becomesExactlyOneUser_evenWhenTheMessageArrivesAgain() throws Exception {
        String queueUrl = sqs.createQueue(CreateQueueRequest.builder().queueName("e2e-user-confirmed").build()).queueUrl();
        PostConfirmationHandler trigger = new PostConfirmationHandler(
                new TriggerProcessor(PostConfirmationHandler.FUNCTION, new RecordingMetrics(), Clock.systemUTC()),
                new PostConfirmationService(new SqsWorkQueue(sqs, queueUrl), Duration.ofSeconds(2), Clock.systemUTC()));
        ProvisioningHandler consumer = new ProvisioningHandler(new SqsBatchProcessor("UserProvisioning",
                ProvisioningFixtures.neverPostponing(new JdbcAppUsers(db.database()), new RecordingMetrics())));

        // Cognito confirms the sign-up.
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        trigger.handleRequest(new ByteArrayInputStream(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .getBytes(StandardCharsets.UTF_8)), response,
                FakeLambdaContext.cognitoTrigger(PostConfirmationHandler.FUNCTION));
        assertThat(response.size()).isPositive();

        // The queue delivers it to the consumer.
        List<Message> received = SqsEventSourcePoller.receive(sqs, queueUrl, 10, Duration.ofSeconds(1));
        assertThat(received).hasSize(1);
        SQSEvent batch = SqsEventRecords.fromMessages(received);
        assertThat(consumer.handleRequest(batch, context()).getBatchItemFailures()).isEmpty();
        assertOneUserWorkspaceAndEvent();

        // The same message again (an at-least-once redelivery).
        assertThat(consumer.handleRequest(batch, context()).getBatchItemFailures()).isEmpty();
        assertOneUserWorkspaceAndEvent();

        // A batch with the same user twice (Cognito retried the trigger, both sends succeeded).
        List<SQSEvent.SQSMessage> twice = new ArrayList<>(batch.getRecords());
        SQSEvent.SQSMessage copy = SqsEventRecords.fromMessages(received).getRecords().get(0);
        copy.setMessageId("second-copy");
        twice.add(copy);
        SQSEvent doubled = new SQSEvent();
        doubled.setRecords(twice);
        assertThat(consumer.handleRequest(doubled, context()).getBatchItemFailures()).isEmpty();
        assertOneUserWorkspaceAndEvent();
    }

    private static void assertOneUserWorkspaceAndEvent() {
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = '" + SUB + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspace_members WHERE role = 'owner'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created'")).isEqualTo(1);
    }

    private static FakeLambdaContext context() {
        return new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30));
    }
}
