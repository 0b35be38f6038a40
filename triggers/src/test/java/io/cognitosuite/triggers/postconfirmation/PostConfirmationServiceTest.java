package io.cognitosuite.triggers.postconfirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.contract.UserConfirmedMessage;
import io.cognitosuite.common.domain.QueueMessage;
import io.cognitosuite.common.domain.UserConfirmed;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.port.QueueUnavailableException;
import io.cognitosuite.common.port.WorkQueue;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.Invocation;
import io.cognitosuite.common.trigger.MalformedEventException;
import io.cognitosuite.common.trigger.TriggerFailedException;
import io.cognitosuite.testkit.ClasspathFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostConfirmationServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final RecordingQueue queue = new RecordingQueue();
    private final PostConfirmationService service = new PostConfirmationService(queue, Duration.ofSeconds(2));

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

        @Override
        public String send(QueueMessage message, Instant deadline) throws QueueUnavailableException {
            deadlines.add(deadline);
            if (failWith != null) {
                throw failWith;
            }
            sent.add(message);
            return "m-" + sent.size();
        }
    }
}
