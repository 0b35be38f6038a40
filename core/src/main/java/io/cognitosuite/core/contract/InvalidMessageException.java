package io.cognitosuite.core.contract;

/** A message can never be processed as it is (bad JSON, wrong type or version, missing field). */
public final class InvalidMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String reason) {
        super(reason);
    }

    public InvalidMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
