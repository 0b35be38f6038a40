package io.cognitosuite.triggers.postconfirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.MessageRejectedException;
import io.cognitosuite.core.port.QueueUnavailableException;
import io.cognitosuite.core.port.WorkQueue;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerLogic;
import io.cognitosuite.testing.ClasspathFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostConfirmationServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final RecordingQueue queue = new RecordingQueue();
    /** The service as its handler runs it: the checked request, the service, the response. */
    private final TriggerLogic service = PostConfirmationHandler.steps(new PostConfirmationService(queue, Duration.ofSeconds(2),
            Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void confirmSignUp_publishesOneUserConfirmedMessage_andReturnsTheEventUnchanged() throws Exception {
        String original = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");

        JsonNode response = service.handle(event(original), invocation(Duration.ofSeconds(5)));

        assertThat(response).isEqualTo(Json.parse(original));
        assertThat(queue.sent).hasSize(1);
        UserConfirmed user = UserConfirmedMessage.fromJson(queue.sent.get(0).body());
        assertThat(user.sub()).isEqualTo("7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b");
        assertThat(user.userPoolId()).isEqualTo("eu-west-1_Ab12Cd34E");
        assertThat(user.email()).isEqualTo("ada@example.com");
        assertThat(user.emailVerified()).isTrue();
        assertThat(user.identityProvider()).isNull();
        assertThat(user.triggerSource()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(user.occurredAt()).isEqualTo(NOW);
        assertThat(queue.sent.get(0).idempotencyKey()).isEqualTo("eu-west-1_Ab12Cd34E#7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b");
    }

    @Test
    void confirmForgotPassword_publishesNothing_andReturnsTheEventUnchanged() throws Exception {
        String original = ClasspathFiles.read("events/post-confirmation/confirm-forgot-password.json");

        JsonNode response = service.handle(event(original), invocation(Duration.ofSeconds(5)));

        assertThat(response).isEqualTo(Json.parse(original));
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void federatedUser_isPublishedWithItsProvider() throws Exception {
        service.handle(event(ClasspathFiles.read("events/post-confirmation/federated-google.json")), invocation(Duration.ofSeconds(5)));

        UserConfirmed user = UserConfirmedMessage.fromJson(queue.sent.get(0).body());
        assertThat(user.identityProvider()).isEqualTo("Google");
        assertThat(user.username()).isEqualTo("Google_109876543210987654321");
        assertThat(user.emailVerified()).isFalse();
    }

    @Test
    void deadline_isThePublishBudget_whenLambdaHasTimeToSpare() throws Exception {
        service.handle(event(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")), invocation(Duration.ofSeconds(5)));

        assertThat(queue.deadlines).containsExactly(NOW.plusSeconds(2));
    }

    @Test
    void deadline_respectsTheLambdaRemainingTime() throws Exception {
        service.handle(event(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")), invocation(Duration.ofMillis(1000)));

        assertThat(queue.deadlines).containsExactly(NOW.plusMillis(700));
    }

    @Test
    void queueFailure_failsTheTriggerWithTheFixedSentence() {
        queue.failWith = new QueueUnavailableException("queue did not accept the message: 503", 4, null);

        assertThatThrownBy(() -> service.handle(event(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")),
                invocation(Duration.ofSeconds(5))))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.TRY_AGAIN);
    }

    @Test
    void missingSub_isAMalformedEvent_andNothingIsSent() throws Exception {
        String noSub = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .replace("\"sub\": \"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\",", "");

        assertThatThrownBy(() -> service.handle(event(noSub), invocation(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("sub");
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void otherTriggerSource_isRejected() throws Exception {
        String other = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .replace("PostConfirmation_ConfirmSignUp", "PreSignUp_SignUp");

        assertThatThrownBy(() -> service.handle(event(other), invocation(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedEventException.class);
        assertThat(queue.sent).isEmpty();
    }

    /** A value Cognito could hand the trigger that the consumer would refuse: field of the contract, and the value. */
    static Stream<Arguments> valuesTheConsumerRefuses() {
        ObjectNode object = Json.mapper().createObjectNode().put("a", 1);
        return Stream.of(
                Arguments.of("sub of 129 characters", "sub", TextNode.valueOf("s".repeat(129))),
                Arguments.of("sub as an object", "sub", object),
                Arguments.of("email as a number", "email", Json.mapper().getNodeFactory().numberNode(12345)),
                Arguments.of("email without @", "email", TextNode.valueOf("12345")),
                Arguments.of("username of 200 KB", "username", TextNode.valueOf("u".repeat(200 * 1024))),
                Arguments.of("username as a number", "username", Json.mapper().getNodeFactory().numberNode(7)),
                Arguments.of("email of 1 MB", "email", TextNode.valueOf("e".repeat(1024 * 1024) + "@example.com")),
                Arguments.of("username with a lone surrogate", "username", TextNode.valueOf("ada\uD800")),
                Arguments.of("email with a lone surrogate", "email", TextNode.valueOf("ada\uDC00@example.com")),
                Arguments.of("user pool id of another shape", "userPoolId", TextNode.valueOf("pool")),
                Arguments.of("provider name of 33 characters", "identityProvider", TextNode.valueOf("P".repeat(33))),
                Arguments.of("email with a NUL character", "email", TextNode.valueOf("bad\u0000@example.com")),
                Arguments.of("username with a NUL character", "username", TextNode.valueOf("ada\u0000")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesTheConsumerRefuses")
    void valueTheConsumerRefuses_isAMalformedEvent_withTheConsumersReason_andNothingIsSent(
            String name, String field, JsonNode value) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"));
        put(event, field, value);
        // The same value in the message the consumer would receive from a valid confirmation.
        ObjectNode message = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ConfirmationRequest.from(
                event(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"))).userConfirmedAt(NOW)));
        message.remove("idempotencyKey");
        message.set(field, value);
        String consumersReason = reasonOf(() -> UserConfirmedMessage.fromJson(message.toString()));

        assertThatThrownBy(() -> service.handle(CognitoEvent.from(event), invocation(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage(consumersReason);
        assertThat(queue.sent).isEmpty();
        assertThat(queue.deadlines).as("no send was even tried").isEmpty();
    }

    @Test
    void everyFieldAtItsBound_isPublished_andTheConsumerAcceptsIt() throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/post-confirmation/federated-google.json"));
        String astral = "\uD83D\uDE00"; // one character, two UTF-16 units
        put(event, "sub", TextNode.valueOf(astral.repeat(128)));
        put(event, "username", TextNode.valueOf("u".repeat(128)));
        put(event, "email", TextNode.valueOf("e".repeat(254 - "@example.com".length()) + "@example.com"));
        put(event, "userPoolId", TextNode.valueOf("eu-west-1_" + "A".repeat(45)));
        put(event, "identityProvider", TextNode.valueOf("P".repeat(32)));

        service.handle(CognitoEvent.from(event), invocation(Duration.ofSeconds(5)));

        assertThat(queue.sent).singleElement().satisfies(m -> {
            UserConfirmed user = UserConfirmedMessage.fromJson(m.body());
            assertThat(user.sub()).isEqualTo(astral.repeat(128));
            assertThat(user.username()).hasSize(128);
            assertThat(user.email()).hasSize(254);
            assertThat(user.userPoolId()).hasSize(55);
            assertThat(user.identityProvider()).hasSize(32);
        });
    }

    @Test
    void aOneMegabyteAttributeThatIsNotPublished_doesNotStopTheConfirmation() throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json"));
        ((ObjectNode) event.path("request").path("userAttributes")).put("custom:notes", "n".repeat(1024 * 1024));

        service.handle(CognitoEvent.from(event), invocation(Duration.ofSeconds(5)));

        assertThat(queue.sent).singleElement().satisfies(m -> assertThat(m.body()).doesNotContain("nnnn"));
    }

    @Test
    void queueRefusingTheMessageForGood_failsWithTheInvalidRequestSentence_notTryAgain() {
        queue.rejectWith = new MessageRejectedException("InvalidMessageContents");

        assertThatThrownBy(() -> service.handle(event(ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")),
                invocation(Duration.ofSeconds(5))))
                .isInstanceOf(TriggerFailedException.class)
                .hasMessage(TriggerFailedException.INVALID_REQUEST);
    }

    @Test
    void unknownTriggerSource_isRejectedWithoutEchoingIt() throws Exception {
        String other = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json")
                .replace("PostConfirmation_ConfirmSignUp", "leak.source@example.com");

        assertThatThrownBy(() -> service.handle(event(other), invocation(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("triggerSource is not a post-confirmation trigger source");
    }

    /** Puts a contract field's value where Cognito puts it in the event. */
    private static void put(ObjectNode event, String field, JsonNode value) {
        ObjectNode attributes = (ObjectNode) event.path("request").path("userAttributes");
        switch (field) {
            case "sub", "email" -> attributes.set(field, value);
            case "username" -> event.set("userName", value);
            case "userPoolId" -> event.set("userPoolId", value);
            case "identityProvider" -> attributes.put("identities", Json.write(Json.mapper().createArrayNode()
                    .add(Json.mapper().createObjectNode().put("userId", "1").set("providerName", value))));
            default -> throw new IllegalArgumentException(field);
        }
    }

    private interface Parse {
        void run() throws Exception;
    }

    private static String reasonOf(Parse parse) {
        try {
            parse.run();
        } catch (InvalidMessageException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("the consumer failed otherwise: " + e);
        }
        throw new AssertionError("the consumer accepted the value");
    }

    private static CognitoEvent event(String json) throws Exception {
        return CognitoEvent.from(Json.parse(json));
    }

    private static Invocation invocation(Duration remaining) {
        return new Invocation("PostConfirmation", "req-1", NOW, NOW.plus(remaining));
    }

    private static final class RecordingQueue implements WorkQueue {
        final List<QueueMessage> sent = new ArrayList<>();
        final List<Instant> deadlines = new ArrayList<>();
        QueueUnavailableException failWith;
        MessageRejectedException rejectWith;

        @Override
        public String send(QueueMessage message, Deadline deadline) throws QueueUnavailableException, MessageRejectedException {
            deadlines.add(deadline.instant());
            if (failWith != null) {
                throw failWith;
            }
            if (rejectWith != null) {
                throw rejectWith;
            }
            sent.add(message);
            return "m-" + sent.size();
        }
    }
}
