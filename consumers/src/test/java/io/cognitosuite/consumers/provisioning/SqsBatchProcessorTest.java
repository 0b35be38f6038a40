package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.RecordingMetrics;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqsBatchProcessorTest {
    private final List<Deadline> afterCommitCalls = new ArrayList<>();

    @Test
    void afterCommit_runsOnce_withTheFunctionDeadline_whenTheBatchCreatedUsers() {
        SqsBatchProcessor processor = processor(new CreatingAppUsers(true), afterCommitCalls::add);

        SQSBatchResponse response = processor.process(batch("sub-1", "sub-2"), new FakeLambdaContext("UserProvisioning",
                Duration.ofSeconds(30)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(afterCommitCalls).singleElement()
                .satisfies(deadline -> assertThat(deadline.instant()).isBetween(Instant.now().plusSeconds(25), Instant.now().plusSeconds(31)));
    }

    @Test
    void afterCommit_doesNotRun_whenTheBatchCreatedNoUser() {
        SqsBatchProcessor processor = processor(new CreatingAppUsers(false), afterCommitCalls::add);

        processor.process(batch("sub-1"), null);

        assertThat(afterCommitCalls).isEmpty();
    }

    @Test
    void afterCommitThatThrows_leavesTheBatchResultAsTheServiceDecided() {
        SqsBatchProcessor processor = processor(new CreatingAppUsers(true), deadline -> {
            throw new IllegalStateException("event bus unreachable");
        });
        SQSEvent event = batch("sub-1", "sub-2");
        event.getRecords().get(1).setBody("not json");

        SQSBatchResponse response = processor.process(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(1).getMessageId());
    }

    /** Shapes Lambda's runtime can hand the handler (loaded with its own serializer) that name no message. */
    static Stream<Arguments> eventsThatNameNoMessage() {
        return Stream.of(
                Arguments.of("no-records.json", MalformedEventException.NOT_AN_SQS_EVENT, "no Records array"),
                Arguments.of("null-record.json", MalformedEventException.UNNAMED_RECORD, "record 0 of 1 is null"),
                Arguments.of("record-without-message-id.json", MalformedEventException.UNNAMED_RECORD,
                        "record 0 of 1 is without a messageId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsThatNameNoMessage")
    void eventThatNamesNoMessage_failsTheWholeInvocation_withAFixedSentence_andLogsTheReason(String file, String sentence,
                                                                                              String reason) {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-malformed/" + file);
        SqsBatchProcessor processor = processor(new CreatingAppUsers(true), AfterCommit.NONE);

        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> new ProvisioningHandler(processor).handleRequest(event,
                    new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30))))
                    .isExactlyInstanceOf(MalformedEventException.class)
                    .hasMessage(sentence);

            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"").contains(reason));
        }
    }

    @Test
    void recordsWithoutBodyOrAttributes_failAlone_asInvalidMessages_andAreLogged() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-malformed/records-without-body-or-attributes.json");
        SqsBatchProcessor processor = processor(new CreatingAppUsers(true), AfterCommit.NONE);

        try (LogCapture logs = LogCapture.start()) {
            SQSBatchResponse response = new ProvisioningHandler(processor).handleRequest(event,
                    new FakeLambdaContext("UserProvisioning", Duration.ofSeconds(30)));

            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("00000009-aaaa-4bbb-8ccc-000000000001", "00000009-aaaa-4bbb-8ccc-000000000002");
            assertThat(logs.all()).contains("message 00000009-aaaa-4bbb-8ccc-000000000001 is invalid")
                    .contains("message 00000009-aaaa-4bbb-8ccc-000000000002 is invalid")
                    .doesNotContain("NullPointerException");
        }
    }

    private static SqsBatchProcessor processor(AppUsers users, AfterCommit afterCommit) {
        return new SqsBatchProcessor("UserProvisioning", ProvisioningFixtures.neverPostponing(users, new RecordingMetrics()), afterCommit);
    }

    private static SQSEvent batch(String... subs) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String sub : subs) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.randomUUID().toString());
            m.setBody(UserConfirmedMessage.toJson(new UserConfirmed("eu-west-1_Pool", sub, sub, null, false, null,
                    "PostConfirmation_ConfirmSignUp", Instant.now())));
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** An {@link AppUsers} fake that reports every user as created, or every user as already there. */
    private record CreatingAppUsers(boolean created) implements AppUsers {
        @Override
        public List<ProvisionedUser> provision(List<NewAppUser> users, Deadline deadline) {
            return users.stream().map(u -> new ProvisionedUser(u.sub(), UUID.randomUUID(), created)).toList();
        }
    }
}
