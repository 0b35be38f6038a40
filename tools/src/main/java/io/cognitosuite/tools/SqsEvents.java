package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.json.MalformedJsonException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.cognitosuite.testkit.SqsEventRecords;
import software.amazon.awssdk.services.sqs.model.Message;

/** Builds {@link SQSEvent}s the way Lambda's SQS event source does, from received messages or from event JSON. */
final class SqsEvents {

    private SqsEvents() {
    }

    static SQSEvent fromMessages(List<Message> messages) {
        return SqsEventRecords.fromMessages(messages);
    }

    /** Reads an SQS event in Lambda's JSON shape ({@code {"Records":[{"messageId":…,"body":…}]}}). */
    static SQSEvent fromJson(byte[] json) throws MalformedJsonException {
        JsonNode root = Json.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode recordsNode = root.get("Records");
        if (recordsNode == null || !recordsNode.isArray()) {
            throw new MalformedJsonException("an SQS event needs a Records array", null);
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode n : recordsNode) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(n.path("messageId").asText(null));
            r.setReceiptHandle(n.path("receiptHandle").asText(null));
            r.setBody(n.path("body").isNull() ? null : n.path("body").asText(null));
            r.setMd5OfBody(n.path("md5OfBody").asText(null));
            r.setEventSource(n.path("eventSource").asText(null));
            r.setEventSourceArn(n.path("eventSourceARN").asText(null));
            r.setAwsRegion(n.path("awsRegion").asText(null));
            Map<String, String> attributes = new HashMap<>();
            n.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            r.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            n.path("messageAttributes").fields().forEachRemaining(e -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(e.getValue().path("dataType").asText(null));
                a.setStringValue(e.getValue().path("stringValue").asText(null));
                messageAttributes.put(e.getKey(), a);
            });
            r.setMessageAttributes(messageAttributes);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
