package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.consumers.provisioning.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link SQSEvent}s from event JSON (what the Invoke endpoint receives for {@code UserProvisioning}), doing
 * what Lambda's runtime does before the handler runs: a record that is JSON {@code null} (or no object) becomes a
 * {@code null} record, and a missing or {@code null} field a {@code null} field, so that the
 * handler sees every shape it can see in AWS. Only what the runtime itself would refuse (not JSON, no
 * {@code Records} array) fails here, with a fixed sentence and the reason in the log, never a part of the input.
 */
final class SqsEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEvents.class);

    private SqsEvents() {
    }

    /** Reads an SQS event in Lambda's JSON shape ({@code {"Records":[{"messageId":…,"body":…}]}}). */
    static SQSEvent fromJson(byte[] json) {
        JsonNode root;
        try {
            root = Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            LOG.error("invalid event: not valid JSON; the invocation fails");
            throw new MalformedEventException(MalformedEventException.NOT_JSON);
        }
        JsonNode recordsNode = root == null ? null : root.get("Records");
        if (recordsNode == null || !recordsNode.isArray()) {
            LOG.error("invalid event: no Records array; the invocation fails");
            throw new MalformedEventException(MalformedEventException.NOT_AN_SQS_EVENT);
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode n : recordsNode) {
            records.add(n.isObject() ? record(n) : null);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.SQSMessage record(JsonNode n) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(text(n, "messageId"));
        r.setReceiptHandle(text(n, "receiptHandle"));
        r.setBody(text(n, "body"));
        r.setMd5OfBody(text(n, "md5OfBody"));
        r.setEventSource(text(n, "eventSource"));
        r.setEventSourceArn(text(n, "eventSourceARN"));
        r.setAwsRegion(text(n, "awsRegion"));
        if (n.path("attributes").isObject()) {
            Map<String, String> attributes = new HashMap<>();
            n.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            r.setAttributes(attributes);
        }
        if (n.path("messageAttributes").isObject()) {
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            n.path("messageAttributes").fields().forEachRemaining(e -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(text(e.getValue(), "dataType"));
                a.setStringValue(text(e.getValue(), "stringValue"));
                messageAttributes.put(e.getKey(), a);
            });
            r.setMessageAttributes(messageAttributes);
        }
        return r;
    }

    /** A string field as the runtime reads it: missing or {@code null} is {@code null}, a scalar its text. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
