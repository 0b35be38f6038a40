package io.cognitosuite.schema.function;

import io.cognitosuite.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer CloudFormation expects at the response URL. The reason is shown in the stack's events, so it
 * is always a fixed sentence or a configuration problem (which never carries a secret's value), never an
 * exception message that could quote a URL, a statement or a credential.
 *
 * @param status             {@code SUCCESS} or {@code FAILED}
 * @param reason             shown in the stack events; cut to {@value #MAX_REASON_LENGTH} characters
 * @param physicalResourceId stable across updates, so that CloudFormation never replaces (and deletes) it
 * @param data               values other resources may read with {@code Fn::GetAtt}
 */
public record CustomResourceResponse(Status status, String reason, String physicalResourceId, String stackId,
                                     String requestId, String logicalResourceId, Map<String, String> data) {
    /** Keeps the whole response well inside CloudFormation's 4 KB limit. */
    public static final int MAX_REASON_LENGTH = 1000;

    public enum Status { SUCCESS, FAILED }

    public CustomResourceResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(physicalResourceId, "physicalResourceId");
        reason = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
        data = Map.copyOf(data);
    }

    public static CustomResourceResponse success(CustomResourceRequest request, String physicalResourceId,
                                                 String reason, Map<String, String> data) {
        return new CustomResourceResponse(Status.SUCCESS, reason, physicalResourceId, request.stackId(),
                request.requestId(), request.logicalResourceId(), data);
    }

    public static CustomResourceResponse failed(CustomResourceRequest request, String physicalResourceId,
                                                String reason) {
        return new CustomResourceResponse(Status.FAILED, reason, physicalResourceId, request.stackId(),
                request.requestId(), request.logicalResourceId(), Map.of());
    }

    /** The JSON document CloudFormation reads, with its field names. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status.name());
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", stackId);
        body.put("RequestId", requestId);
        body.put("LogicalResourceId", logicalResourceId);
        body.put("NoEcho", false);
        body.put("Data", new LinkedHashMap<>(data));
        return Json.write(body);
    }
}
