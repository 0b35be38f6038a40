package io.cognitosuite.common.json;

/** Input was not a JSON document. The message gives the position, never the content. */
public final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
