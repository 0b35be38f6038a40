package io.cognitosuite.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code detail} of a domain event on the event bus: the contract subscribers read (see "Domain events on
 * EventBridge" in the README). One JSON object, with these fields first and then the outbox payload's own fields:
 *
 * <pre>{@code
 * {"version":1,"eventId":"<outbox id>","occurredAt":"2026-11-26T09:15:00.123456Z",
 *  "appUserId":"...","cognitoSub":"...", ...}
 * }</pre>
 *
 * <ul>
 *   <li>{@code version}: the version of the event type's contract ({@code app_user.created} version 1, ...): the
 *       payload's own {@code version} when it has one, else the outbox row's {@code event_version}. A subscriber
 *       reads the fields of the versions it knows and ignores unknown fields.</li>
 *   <li>{@code eventId}: the outbox row's id, the same each time the event is sent again (delivery is at least once,
 *       so subscribers drop copies by it). A payload field of that name cannot replace it.</li>
 *   <li>{@code occurredAt}: when the outbox row was written (also the entry's {@code time}). A payload field of that
 *       name cannot replace it.</li>
 * </ul>
 *
 * The event's type goes beside the detail (EventBridge's {@code detail-type}), not inside it. The same detail is
 * written to EventBridge by the relay and to the local stack's event log.
 */
public final class DomainEventDetail {
    private DomainEventDetail() {
    }

    /**
     * The detail of {@code event}, as JSON text.
     *
     * @throws InvalidMessageException when the payload is not a JSON object: such an event can never be published,
     *                                 and the reason says what the payload is, never what it holds
     */
    public static String of(OutboxEvent event) throws InvalidMessageException {
        JsonNode payload;
        try {
            payload = Json.parse(event.payload());
        } catch (MalformedJsonException e) {
            // No cause: the parser's own message quotes the payload.
            throw new InvalidMessageException("payload is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(payload instanceof ObjectNode fields)) {
            throw new InvalidMessageException("payload is a JSON " + payload.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object");
        }
        ObjectNode detail = Json.mapper().createObjectNode();
        if (fields.hasNonNull("version")) {
            detail.set("version", fields.get("version"));
        } else {
            detail.put("version", event.version());
        }
        detail.put("eventId", event.id().toString());
        detail.put("occurredAt", event.occurredAt().toString());
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            if (!detail.has(f.getKey())) {
                detail.set(f.getKey(), f.getValue());
            }
        }
        return Json.write(detail);
    }
}
