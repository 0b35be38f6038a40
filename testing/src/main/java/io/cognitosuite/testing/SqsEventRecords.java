package io.cognitosuite.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/** Turns received SQS messages into the {@link SQSEvent} Lambda's SQS event source would deliver. */
public final class SqsEventRecords {
    public static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:000000000000:user-confirmed";

    private SqsEventRecords() {
    }

    /** Records from a queue whose ARN does not matter to the test. */
    public static SQSEvent fromMessages(List<Message> messages) {
        return fromMessages(messages, QUEUE_ARN);
    }

    /**
     * Records as Lambda's event source mapping builds them: with each delivery's receipt handle and the queue's
     * ARN as {@code eventSourceARN}, which a consumer needs to change a message's visibility.
     */
    public static SQSEvent fromMessages(List<Message> messages, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion(region(queueArn));
            r.setAttributes(new HashMap<>(m.attributesAsStrings()));
            Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(value.dataType());
                a.setStringValue(value.stringValue());
                attributes.put(name, a);
            });
            r.setMessageAttributes(attributes);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The region field of an ARN ({@code arn:aws:sqs:<region>:…}). */
    private static String region(String arn) {
        String[] parts = arn.split(":", -1);
        return parts.length > 3 ? parts[3] : "";
    }
}
