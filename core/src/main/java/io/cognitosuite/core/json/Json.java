package io.cognitosuite.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The shared, thread-safe JSON mapper: unknown fields ignored, ISO-8601 times, no nulls dropped,
 * trailing data and duplicate fields rejected. Parse errors give a fixed reason, never the input or a position in it.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A document is one value: trailing data or a repeated field is an error, not a silent choice.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a JSON document; a syntax error becomes {@link MalformedJsonException}. */
    public static JsonNode parse(String text) throws MalformedJsonException {
        try {
            return checked(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    public static JsonNode parse(InputStream in) throws MalformedJsonException, IOException {
        try {
            return checked(MAPPER.readTree(in));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private static JsonNode checked(JsonNode node) throws MalformedJsonException {
        if (node == null || node.isMissingNode()) {
            throw new MalformedJsonException("empty document", null);
        }
        return node;
    }

    /**
     * A fixed reason. Not even the position: callers log the message, and where a document breaks says
     * something about what it holds. The cause (Jackson's own message quotes the input) is for debugging
     * only and must not be logged.
     */
    private static MalformedJsonException malformed(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return new MalformedJsonException("JSON beyond a size or nesting limit", e);
        }
        return new MalformedJsonException("not valid JSON", e);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
