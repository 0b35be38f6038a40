package io.cognitosuite.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Cognito user pool trigger event, read leniently: the common envelope is checked, everything else
 * stays in the JSON tree so that the response can return the event exactly as it came, plus what the
 * trigger sets in {@code response}.
 *
 * @param json          the whole event (mutable: the trigger writes its {@code response} into it)
 * @param version       the event version ({@code "1"} for most triggers)
 * @param triggerSource e.g. {@code PostConfirmation_ConfirmSignUp}: one of {@link EnvelopeValues#KNOWN_TRIGGER_SOURCES}, or
 *                      {@link EnvelopeValues#UNKNOWN} for anything else, so that no trigger can copy an
 *                      unexpected value into a log line or a message (the JSON keeps what was sent)
 * @param userPoolId    the pool id
 * @param userName      the pool user name, or {@code null} for machine (client credentials) tokens
 * @param clientId      the app client id from {@code callerContext}, or {@code null}
 */
public record CognitoEvent(ObjectNode json, String version, String triggerSource, String userPoolId, String userName,
                           String clientId) {

    public CognitoEvent {
        Objects.requireNonNull(json, "json");
    }

    /** Checks the envelope every trigger event has. */
    public static CognitoEvent from(JsonNode node) throws MalformedEventException {
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("event is not a JSON object");
        }
        ObjectNode json = (ObjectNode) node;
        // Fails closed: a source outside the known set is read as "unknown", which every trigger rejects
        // (or, for post-authentication, does not record) exactly as it rejected the raw value.
        String triggerSource = EnvelopeValues.triggerSource(requiredText(json, "triggerSource"));
        String userPoolId = requiredText(json, "userPoolId");
        String userName = optionalText(json, "userName");
        String version = optionalText(json, "version");
        JsonNode caller = json.get("callerContext");
        String clientId = caller != null && caller.isObject() ? optionalText(caller, "clientId") : null;
        JsonNode request = json.get("request");
        if (request != null && !request.isNull() && !request.isObject()) {
            throw new MalformedEventException("request must be an object");
        }
        return new CognitoEvent(json, version, triggerSource, userPoolId, userName, clientId);
    }

    /**
     * One user attribute ({@code request.userAttributes.<name>}): a string attribute, {@code null} when absent or JSON
     * null; malformed when any other JSON type. Cognito sends every attribute as a string, so a number or an object
     * did not come from Cognito and is never turned into text (which would then be stored, compared or logged as if
     * Cognito had sent it). Fails closed: the trigger refuses the event, or (post-authentication) records nothing.
     *
     * @param name an attribute name chosen by the trigger (it names the attribute in the reason), never one from the event
     * @throws MalformedEventException {@code "<name> must be a string"}, never the value
     */
    public String attribute(String name) throws MalformedEventException {
        return stringField(json.path("request").path("userAttributes"), name, name);
    }

    /**
     * {@code request.userAttributes}, for a trigger that needs all of them; empty when absent. Lenient, unlike
     * {@link #attribute(String)}: a value that is not a JSON string comes as its JSON text ({@code 12345},
     * {@code {"a":1}}). So a read whose value is stored, logged or trusted uses {@link #attribute(String)}; the only
     * other reader, pre-sign-up's email, parses it as a plain address, which such text never is (no {@code @}, or
     * quotes), so it is refused there.
     */
    public Map<String, String> userAttributes() {
        return stringMap(json.path("request").path("userAttributes"));
    }

    /**
     * The typed reader behind {@link #attribute(String)}, for a string field elsewhere in the event (e.g. a strict
     * {@code userName}): {@code null} when absent or JSON null (or when {@code node} is not an object); malformed when
     * any other JSON type.
     *
     * @param reportedAs the name the reason gives the field (a contract's name for it, e.g. {@code username} for
     *                   {@code userName}); chosen by the caller, never taken from the event
     */
    public static String stringField(JsonNode node, String field, String reportedAs) throws MalformedEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedEventException(reportedAs + " must be a string");
        }
        return value.textValue();
    }

    /** Never the attributes (they hold personal data), nor any envelope value as it came. */
    @Override
    public String toString() {
        return "CognitoEvent[triggerSource=" + triggerSource + ", userPoolId=" + EnvelopeValues.userPoolId(userPoolId) + "]";
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v != null && !v.isNull()) {
                map.put(e.getKey(), v.isTextual() ? v.textValue() : v.toString());
            }
        });
        return Collections.unmodifiableMap(map);
    }

    private static String requiredText(JsonNode node, String field) throws MalformedEventException {
        String value = optionalText(node, field);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(field + " is missing or blank");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
