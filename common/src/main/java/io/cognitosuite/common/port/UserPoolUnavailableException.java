package io.cognitosuite.common.port;

/** The user pool's API did not answer in time or refused the call. The message names the API error code. */
public final class UserPoolUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserPoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
