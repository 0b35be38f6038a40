package io.cognitosuite.triggers.runtime;

/** The event is not a Cognito trigger event this function can handle. The message names the field. */
public final class MalformedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }
}
