package io.cognitosuite.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.domain.QueueMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code user.confirmed} message, version 1. See "Message contract" in the README.
 *
 * <pre>{@code
 * {"type":"user.confirmed","version":1,"idempotencyKey":"<userPoolId>#<sub>",
 *  "userPoolId":"...","sub":"...","username":"...","email":"..."|null,"emailVerified":true,
 *  "identityProvider":"Google"|null,"triggerSource":"PostConfirmation_ConfirmSignUp",
 *  "occurredAt":"2026-11-26T14:20:31.123Z"}
 * }</pre>
 */
public final class UserConfirmedMessage {
    public static final String TYPE = "user.confirmed";
    public static final int VERSION = 1;

    private UserConfirmedMessage() {
    }

    public static String toJson(UserConfirmed user) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("type", TYPE);
        node.put("version", VERSION);
        node.put("idempotencyKey", user.idempotencyKey());
        node.put("userPoolId", user.userPoolId());
        node.put("sub", user.sub());
        node.put("username", user.username());
        node.put("email", user.email());
        node.put("emailVerified", user.emailVerified());
        node.put("identityProvider", user.identityProvider());
        node.put("triggerSource", user.triggerSource());
        node.put("occurredAt", user.occurredAt().toString());
        return Json.write(node);
    }

    /** The queue message for a confirmed user, with type and version as message attributes. */
    public static QueueMessage toQueueMessage(UserConfirmed user) {
        return new QueueMessage(TYPE, VERSION, toJson(user), user.idempotencyKey(), user.sub());
    }

    /**
     * Reads and validates a message body. Unknown fields are ignored. The value rules are
     * {@link UserConfirmed}'s own, the same ones post-confirmation applies before it publishes.
     *
     * @throws InvalidMessageException with a fixed reason that names the field, and at most the kind and
     *                                 length of what was received; never the value, and no cause that quotes it
     */
    public static UserConfirmed fromJson(String body) throws InvalidMessageException {
        if (body == null || body.isBlank()) {
            throw new InvalidMessageException("empty body");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (MalformedJsonException e) {
            // Not chained: the parser's own message quotes the input.
            throw new InvalidMessageException("body is " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new InvalidMessageException("body is not a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || !TYPE.equals(type.textValue())) {
            throw new InvalidMessageException("type must be '" + TYPE + "' (received " + describe(type) + ")");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != VERSION) {
            throw new InvalidMessageException("version must be the number " + VERSION + " (received "
                    + (version != null && version.isIntegralNumber() ? "another integer" : describe(version)) + ")");
        }
        String occurredAtText = optionalText(node, "occurredAt");
        if (occurredAtText == null || occurredAtText.isBlank()) {
            throw new InvalidMessageException("occurredAt is missing or blank");
        }
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(occurredAtText);
        } catch (DateTimeParseException e) {
            // Not chained: the parse error quotes the text.
            throw new InvalidMessageException("occurredAt is not an ISO-8601 instant");
        }
        JsonNode verified = node.get("emailVerified");
        if (verified != null && !verified.isNull() && !verified.isBoolean()) {
            throw new InvalidMessageException("emailVerified must be true or false");
        }
        UserConfirmed user;
        try {
            user = new UserConfirmed(optionalText(node, "userPoolId"), optionalText(node, "sub"),
                    optionalText(node, "username"), optionalText(node, "email"), verified != null && verified.asBoolean(),
                    optionalText(node, "identityProvider"), optionalText(node, "triggerSource"), occurredAt);
        } catch (InvalidUserConfirmedException e) {
            throw new InvalidMessageException(e.getMessage());
        }
        String key = optionalText(node, "idempotencyKey");
        if (key != null && !key.equals(user.idempotencyKey())) {
            throw new InvalidMessageException("idempotencyKey does not match userPoolId#sub");
        }
        return user;
    }

    /**
     * The user a message names, read on its own: a body that is a JSON object whose {@code userPoolId} and {@code sub}
     * are strings passing their own rules ({@link UserConfirmed#requireStorableUserPoolId},
     * {@link UserConfirmed#requireStorableSub}) names that user even when it breaks another rule (a wrong version, a
     * field over its bound). Empty when the body does not name one that way. Reads no other field and trusts
     * nothing else the body holds.
     */
    public static Optional<NamedUser> namedUser(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.parse(body);
            if (!node.isObject()) {
                return Optional.empty();
            }
            String userPoolId = optionalText(node, "userPoolId");
            String sub = optionalText(node, "sub");
            UserConfirmed.requireStorableUserPoolId(userPoolId);
            UserConfirmed.requireStorableSub(sub);
            return Optional.of(new NamedUser(userPoolId, sub));
        } catch (MalformedJsonException | InvalidMessageException | InvalidUserConfirmedException e) {
            return Optional.empty();
        }
    }

    /**
     * The key the provisioning consumer records a failure of this message under ({@code provisioning_failures
     * .failure_key}): the idempotency key of the {@link #namedUser} when the body names one, else
     * {@code message:<messageId>}. The one place of the rule, for the consumer that writes and the support commands
     * that look the failure up.
     */
    public static String failureKey(String body, String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return ProvisioningFailure.keyFor(namedUser(body).map(NamedUser::idempotencyKey).orElse(null), messageId);
    }

    /**
     * A user pool id and a {@code sub} that pass their rules, read from a body that may break others.
     *
     * @param userPoolId the pool
     * @param sub        the user's {@code sub}
     */
    public record NamedUser(String userPoolId, String sub) {
        public NamedUser {
            Objects.requireNonNull(userPoolId, "userPoolId");
            Objects.requireNonNull(sub, "sub");
        }

        /** {@code userPoolId#sub}, as {@link UserConfirmed#idempotencyKey()} makes it. */
        public String idempotencyKey() {
            return userPoolId + "#" + sub;
        }
    }

    /** A string field, {@code null} when absent or JSON null; any other JSON type is invalid. */
    private static String optionalText(JsonNode node, String field) throws InvalidMessageException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidMessageException(field + " must be a string");
        }
        return value.textValue();
    }

    /** What was received, as kind and length only: enough to tell senders apart, never the value itself. */
    static String describe(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case STRING -> {
                int length = value.textValue().codePointCount(0, value.textValue().length());
                yield "a string of " + length + (length == 1 ? " character" : " characters");
            }
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "another JSON value";
        };
    }
}
