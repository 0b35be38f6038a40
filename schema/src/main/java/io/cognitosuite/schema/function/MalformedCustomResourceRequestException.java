package io.cognitosuite.schema.function;

/** The event is not a custom-resource request that can be answered (no JSON, or no usable response URL). */
public final class MalformedCustomResourceRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedCustomResourceRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
