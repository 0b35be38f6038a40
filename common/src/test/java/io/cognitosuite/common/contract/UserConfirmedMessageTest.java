package io.cognitosuite.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.common.domain.QueueMessage;
import io.cognitosuite.common.domain.UserConfirmed;
import io.cognitosuite.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserConfirmedMessageTest {
    private static final UserConfirmed ADA = new UserConfirmed("eu-west-1_Ab12Cd34E", "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
            "ada", "ada@example.com", true, null, "PostConfirmation_ConfirmSignUp", Instant.parse("2026-11-26T09:15:00Z"));

    @Test
    void roundTrip_keepsEveryField() throws Exception {
        String json = UserConfirmedMessage.toJson(ADA);

        assertThat(UserConfirmedMessage.fromJson(json)).isEqualTo(ADA);
        assertThat(Json.parse(json).get("idempotencyKey").asText())
                .isEqualTo("eu-west-1_Ab12Cd34E#7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b");
    }

    @Test
    void queueMessage_carriesTypeVersionAndIdempotencyKey() {
        QueueMessage message = UserConfirmedMessage.toQueueMessage(ADA);

        assertThat(message.type()).isEqualTo("user.confirmed");
        assertThat(message.version()).isEqualTo(1);
        assertThat(message.idempotencyKey()).isEqualTo(ADA.idempotencyKey());
        assertThat(message.orderingKey()).isEqualTo(ADA.sub());
    }

    @Test
    void fromJson_ignoresUnknownFields() throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        node.put("addedInAFutureMinorVersion", "x");
        node.putObject("nested").put("a", 1);

        assertThat(UserConfirmedMessage.fromJson(node.toString())).isEqualTo(ADA);
    }

    @Test
    void fromJson_acceptsAUserWithoutEmail() throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        node.remove("email");
        node.putNull("identityProvider");

        assertThat(UserConfirmedMessage.fromJson(node.toString()).email()).isNull();
    }

    @Test
    void fromJson_rejectsMissingSub() throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        node.remove("sub");
        node.remove("idempotencyKey");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(node.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("sub is missing or blank");
    }

    @Test
    void fromJson_rejectsWrongTypeAndVersion() throws Exception {
        ObjectNode wrongType = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        wrongType.put("type", "user.deleted");
        ObjectNode wrongVersion = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        wrongVersion.put("version", 2);
        ObjectNode versionAsText = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        versionAsText.put("version", "1");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(wrongType.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("type must be 'user.confirmed'");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(wrongVersion.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("version must be 1 but is 2");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(versionAsText.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("version must be 1");
    }

    @Test
    void fromJson_rejectsWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson("{not json"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson("[1,2]"))
                .isInstanceOf(InvalidMessageException.class).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(""))
                .isInstanceOf(InvalidMessageException.class).hasMessage("empty body");
    }

    @Test
    void fromJson_rejectsDeeplyNestedTrailingAndDuplicatedInput_asInvalid() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String json = UserConfirmedMessage.toJson(ADA);
        String duplicated = json.replace("{\"type\"", "{\"sub\":\"someone-else\",\"type\"");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(deep))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("nesting limit");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(json + "{}"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(duplicated))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void fromJson_rejectsAnIdempotencyKeyForAnotherUser() throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        node.put("idempotencyKey", "eu-west-1_Ab12Cd34E#someone-else");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(node.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("idempotencyKey does not match userPoolId#sub");
    }

    @Test
    void fromJson_rejectsNonStringFieldsAndBadTimes() throws Exception {
        ObjectNode numericSub = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        numericSub.put("sub", 42);
        numericSub.remove("idempotencyKey");
        ObjectNode badTime = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        badTime.put("occurredAt", "yesterday");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(numericSub.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("sub must be a string");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(badTime.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("occurredAt is not an ISO-8601 instant");
    }
}
