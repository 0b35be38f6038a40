package io.cognitosuite.schema.function;

import io.cognitosuite.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Custom-resource requests as CloudFormation sends them. */
final class CustomResourceEvents {
    static final String STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/cognito-suite-dev/0f6e0a70-0000-11ef-0000-0a1b2c3d4e5f";

    private CustomResourceEvents() {
    }

    static Map<String, Object> request(String requestType, URI responseUrl, String physicalResourceId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", requestType);
        event.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:cognito-suite-dev-SchemaMigration:live");
        event.put("ResponseURL", responseUrl.toString());
        event.put("StackId", STACK_ID);
        event.put("RequestId", "req-" + requestType.toLowerCase(java.util.Locale.ROOT));
        event.put("LogicalResourceId", "SchemaMigration");
        event.put("ResourceType", "Custom::SchemaMigration");
        if (physicalResourceId != null) {
            event.put("PhysicalResourceId", physicalResourceId);
        }
        event.put("ResourceProperties", Map.of(
                "ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:cognito-suite-dev-SchemaMigration:live",
                "CodeVersion", "7"));
        return event;
    }

    static InputStream stream(Map<String, Object> event) {
        return new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    static InputStream stream(String requestType, URI responseUrl, String physicalResourceId) {
        return stream(request(requestType, responseUrl, physicalResourceId));
    }
}
