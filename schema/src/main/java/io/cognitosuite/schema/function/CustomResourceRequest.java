package io.cognitosuite.schema.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The fields of a CloudFormation custom-resource request that the migration needs. Other fields (the
 * resource properties among them) are ignored: they only exist to make CloudFormation send an
 * {@code Update} when the code or the database changes.
 *
 * <p>The response URL is a pre-signed S3 URL: whoever holds it can answer for the stack, so it is never
 * logged and {@link #toString()} leaves it out.
 *
 * @param requestType        {@code Create}, {@code Update} or {@code Delete} ({@code null} when absent)
 * @param responseUrl        where the response is PUT
 * @param stackId            echoed in the response
 * @param requestId          echoed in the response
 * @param logicalResourceId  echoed in the response
 * @param physicalResourceId the id returned on create; {@code null} on {@code Create}
 */
public record CustomResourceRequest(String requestType, URI responseUrl, String stackId, String requestId,
                                    String logicalResourceId, String physicalResourceId) {
    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String DELETE = "Delete";

    public CustomResourceRequest {
        Objects.requireNonNull(responseUrl, "responseUrl");
    }

    /**
     * Reads a request; only a missing or unusable {@code ResponseURL} makes it unanswerable. Every other gap
     * is answered with {@code FAILED} by the service.
     *
     * @throws MalformedCustomResourceRequestException when there is nowhere to send the response
     */
    public static CustomResourceRequest read(InputStream in) throws IOException {
        JsonNode node;
        try {
            node = Json.parse(in);
        } catch (MalformedJsonException e) {
            throw new MalformedCustomResourceRequestException("the event is not a custom-resource request: "
                    + e.getMessage(), e);
        }
        String url = text(node, "ResponseURL");
        if (url == null) {
            throw new MalformedCustomResourceRequestException("the event has no ResponseURL: there is nowhere to answer", null);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new MalformedCustomResourceRequestException("the ResponseURL is not a URL", null);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new MalformedCustomResourceRequestException("the ResponseURL is not an http(s) URL", null);
        }
        return new CustomResourceRequest(text(node, "RequestType"), uri, text(node, "StackId"),
                text(node, "RequestId"), text(node, "LogicalResourceId"), text(node, "PhysicalResourceId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "CustomResourceRequest[requestType=" + requestType + ", responseUrl=(pre-signed, not shown)"
                + ", stackId=" + stackId + ", requestId=" + requestId + ", logicalResourceId=" + logicalResourceId
                + ", physicalResourceId=" + physicalResourceId + "]";
    }
}
