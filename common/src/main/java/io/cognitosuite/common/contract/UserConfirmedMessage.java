package io.cognitosuite.common.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.common.domain.QueueMessage;
import io.cognitosuite.common.domain.UserConfirmed;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.json.MalformedJsonException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
     * Reads and validates a message body. Unknown fields are ignored.
     *
     * @throws InvalidMessageException with a reason that names the field (never its value)
     */
    public static UserConfirmed fromJson(String body) throws InvalidMessageException {
        if (body == null || body.isBlank()) {
            throw new InvalidMessageException("empty body");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (MalformedJsonException e) {
            throw new InvalidMessageException("body is " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new InvalidMessageException("body is not a JSON object");
        }
        JsonNode typeNode = node.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
        if (!TYPE.equals(type)) {
            throw new InvalidMessageException("type must be '" + TYPE + "' but is " + (typeNode == null ? "missing" : abbreviate(typeNode.toString())));
        }
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() != VERSION) {
            throw new InvalidMessageException("version must be " + VERSION + " but is " + (version == null ? "missing" : abbreviate(version.toString())));
        }
        String userPoolId = required(node, "userPoolId");
        String sub = required(node, "sub");
        String username = required(node, "username");
        String triggerSource = required(node, "triggerSource");
        String occurredAtText = required(node, "occurredAt");
        if (sub.length() > 128) {
            throw new InvalidMessageException("sub is longer than 128 characters");
        }
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(occurredAtText);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException("occurredAt is not an ISO-8601 instant", e);
        }
        JsonNode verified = node.get("emailVerified");
        if (verified != null && !verified.isNull() && !verified.isBoolean()) {
            throw new InvalidMessageException("emailVerified must be true or false");
        }
        UserConfirmed user = new UserConfirmed(userPoolId, sub, username, optionalText(node, "email"),
                verified != null && verified.asBoolean(), optionalText(node, "identityProvider"), triggerSource, occurredAt);
        String key = optionalText(node, "idempotencyKey");
        if (key != null && !key.equals(user.idempotencyKey())) {
            throw new InvalidMessageException("idempotencyKey does not match userPoolId#sub");
        }
        return user;
    }

    private static String required(JsonNode node, String field) throws InvalidMessageException {
        String value = optionalText(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidMessageException(field + " is missing or blank");
        }
        return value;
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

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
