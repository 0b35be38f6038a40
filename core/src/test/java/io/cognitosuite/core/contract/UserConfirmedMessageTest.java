package io.cognitosuite.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("type must be 'user.confirmed' (received a string of 12 characters)");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(wrongVersion.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("version must be the number 1 (received another integer)");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(versionAsText.toString()))
                .isInstanceOf(InvalidMessageException.class).hasMessage("version must be the number 1 (received a string of 1 character)");
    }

    @Test
    void fromJson_rejectsWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson("{not json"))
                .isInstanceOf(InvalidMessageException.class).hasMessage("body is not valid JSON");
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
                .isInstanceOf(InvalidMessageException.class).hasMessage("body is JSON beyond a size or nesting limit");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(json + "{}"))
                .isInstanceOf(InvalidMessageException.class).hasMessage("body is not valid JSON");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(duplicated))
                .isInstanceOf(InvalidMessageException.class).hasMessage("body is not valid JSON");
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

    @Test
    void fromJson_neverEchoesTheTypeOrVersionItReceived() throws Exception {
        ObjectNode leakyType = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        leakyType.put("type", "leak.type@example.com");
        ObjectNode leakyVersion = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        leakyVersion.put("version", "leak.version@example.com");
        ObjectNode objectType = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        objectType.putObject("type").put("secret", "leak-object");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(leakyType.toString()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("type must be 'user.confirmed' (received a string of 21 characters)")
                .hasNoCause();
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(leakyVersion.toString()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("version must be the number 1 (received a string of 24 characters)");
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(objectType.toString()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("type must be 'user.confirmed' (received an object)");
    }

    @Test
    void fromJson_neverEchoesTheInputOfABodyThatIsNotJson() {
        assertThatThrownBy(() -> UserConfirmedMessage.fromJson("{\"sub\": leak-token@example.com}"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("body is not valid JSON")
                .hasNoCause(); // the parser's own message quotes the input
    }

    @Test
    void fromJson_neverEchoesABadTime() throws Exception {
        ObjectNode badTime = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        badTime.put("occurredAt", "leak-time@example.com");

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(badTime.toString()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("occurredAt is not an ISO-8601 instant")
                .hasNoCause();
    }

    /** Each bad value, and the reason the consumer gives; the trigger gives the same reason (PostConfirmationServiceTest). */
    static Stream<Arguments> valuesNoFieldMayHold() {
        return Stream.of(
                Arguments.of("sub of 129 characters", field("sub", "s".repeat(129)), "sub is longer than 128 characters"),
                Arguments.of("sub as an object", (Consumer<ObjectNode>) n -> n.putObject("sub").put("a", 1),
                        "sub must be a string"),
                Arguments.of("email as a number", (Consumer<ObjectNode>) n -> n.put("email", 12345), "email must be a string"),
                Arguments.of("username of 200 KB", field("username", "u".repeat(200 * 1024)),
                        "username is longer than 128 characters"),
                Arguments.of("email of 1 MB", field("email", "e".repeat(1024 * 1024) + "@example.com"),
                        "email is longer than 254 characters"),
                Arguments.of("email without @", field("email", "12345"), "email is not an email address"),
                Arguments.of("username with a lone surrogate", field("username", "ada\uD800"),
                        "username holds a character that cannot be sent (a lone surrogate or a non-character)"),
                Arguments.of("email with a lone low surrogate", field("email", "\uDC00ada@example.com"),
                        "email holds a character that cannot be sent (a lone surrogate or a non-character)"),
                Arguments.of("sub with U+FFFF", field("sub", "sub\uFFFF"),
                        "sub holds a character that cannot be sent (a lone surrogate or a non-character)"),
                Arguments.of("user pool id of another shape", field("userPoolId", "not a pool"),
                        "userPoolId is not a Cognito user pool id"),
                Arguments.of("user pool id of 56 characters", field("userPoolId", "eu-west-1_" + "A".repeat(46)),
                        "userPoolId is longer than 55 characters"),
                Arguments.of("identity provider of 33 characters", field("identityProvider", "P".repeat(33)),
                        "identityProvider is longer than 32 characters"),
                Arguments.of("unknown trigger source", field("triggerSource", "PostConfirmation_Something"),
                        "triggerSource is not PostConfirmation_ConfirmSignUp"),
                Arguments.of("blank username", field("username", "  "), "username is missing or blank"),
                Arguments.of("email with a NUL character", field("email", "bad\u0000@example.com"),
                        "email holds a NUL character, which the database cannot store"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesNoFieldMayHold")
    void fromJson_rejectsEveryValueTheTriggerRefuses_withTheSameReason(String name, Consumer<ObjectNode> change,
                                                                       String reason) throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(UserConfirmedMessage.toJson(ADA));
        node.remove("idempotencyKey");
        change.accept(node);

        assertThatThrownBy(() -> UserConfirmedMessage.fromJson(node.toString()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage(reason);
    }

    @Test
    void fromJson_acceptsEveryFieldAtItsBound() throws Exception {
        String astral = "\uD83D\uDE00"; // one character (code point), two UTF-16 units: counted once, as PostgreSQL counts
        UserConfirmed atBounds = new UserConfirmed("eu-west-1_" + "A".repeat(45), astral.repeat(128), "u".repeat(128),
                "e".repeat(254 - "@example.com".length()) + "@example.com", true, "P".repeat(32),
                "PostConfirmation_ConfirmSignUp", Instant.parse("2026-11-26T09:15:00Z"));

        assertThat(atBounds.userPoolId()).hasSize(55);
        assertThat(UserConfirmedMessage.fromJson(UserConfirmedMessage.toJson(atBounds))).isEqualTo(atBounds);
    }

    @Test
    void constructor_refusesWhatTheContractRefuses_soNoInvalidMessageCanBeBuilt() {
        assertThatThrownBy(() -> new UserConfirmed("eu-west-1_Ab12Cd34E", "s".repeat(129), "ada", null, false, null,
                "PostConfirmation_ConfirmSignUp", Instant.EPOCH))
                .isInstanceOf(InvalidUserConfirmedException.class)
                .hasMessage("sub is longer than 128 characters");
    }

    private static Consumer<ObjectNode> field(String name, String value) {
        return n -> n.put(name, value);
    }

    @Test
    void failureKey_isTheIdempotencyKey_whenTheBodyNamesAUser_evenIfItBreaksAnotherRule() {
        String wrongVersion = UserConfirmedMessage.toJson(ADA).replace("\"version\":1", "\"version\":2");

        assertThat(UserConfirmedMessage.failureKey(UserConfirmedMessage.toJson(ADA), "m-1")).isEqualTo(ADA.idempotencyKey());
        assertThat(UserConfirmedMessage.failureKey(wrongVersion, "m-1")).isEqualTo(ADA.idempotencyKey());
        assertThat(UserConfirmedMessage.namedUser(wrongVersion))
                .hasValue(new UserConfirmedMessage.NamedUser(ADA.userPoolId(), ADA.sub()));
    }

    @ParameterizedTest
    @MethodSource("bodiesThatNameNoUser")
    void failureKey_isTheMessageId_whenTheBodyNamesNoUser(String body) {
        assertThat(UserConfirmedMessage.failureKey(body, "m-1")).isEqualTo("message:m-1");
        assertThat(UserConfirmedMessage.namedUser(body)).isEmpty();
    }

    static Stream<String> bodiesThatNameNoUser() {
        return Stream.of(null, "", "not json", "[1]", "{\"userPoolId\":\"eu-west-1_Ab12Cd34E\"}",
                "{\"userPoolId\":\"eu-west-1_Ab12Cd34E\",\"sub\":7}",
                "{\"userPoolId\":\"not a pool\",\"sub\":\"s\"}",
                "{\"userPoolId\":\"eu-west-1_Ab12Cd34E\",\"sub\":\"" + "s".repeat(129) + "\"}");
    }
}
