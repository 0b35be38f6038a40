package io.cognitosuite.api.error;

/**
 * The API's error statuses, each with its code and its one fixed sentence. The sentence is the same for every request
 * of its kind, so it can never carry what the caller sent; what went wrong in detail is the reason code in the log.
 */
public enum ApiErrorKind {
    BAD_REQUEST(400, "bad_request", "The request is not valid."),
    UNAUTHENTICATED(401, "unauthenticated", "A valid access token is required."),
    FORBIDDEN(403, "forbidden", "You are not allowed to do this."),
    NOT_FOUND(404, "not_found", "There is nothing at this address."),
    /** The request conflicts with what exists (an invitation for a sign-in name the user pool already has). */
    CONFLICT(409, "conflict", "This conflicts with something that already exists."),
    INTERNAL(500, "internal", "Something went wrong on our side. Try again later."),
    /** A service the API depends on is busy or did not answer in time (a throttled user pool): the same request may pass later. */
    UNAVAILABLE(503, "unavailable", "The service is busy. Try again later.");

    private final int status;
    private final String code;
    private final String message;

    ApiErrorKind(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
