package io.cognitosuite.core.port;

/** The user pool already has a user with this sign-in name. The message names the API and the code, never the name. */
public final class UserAlreadyExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserAlreadyExistsException(String message) {
        super(message);
    }
}
