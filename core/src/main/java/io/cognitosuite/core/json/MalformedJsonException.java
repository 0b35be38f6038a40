package io.cognitosuite.core.json;

/** Input was not a JSON document. The message is a fixed reason, never the content; the cause may quote it. */
public final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
