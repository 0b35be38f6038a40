package io.cognitosuite.schema.function;

/**
 * CloudFormation's response URL did not accept the response after every attempt. The function then fails,
 * so that Lambda retries the asynchronous invocation (migrations are idempotent) and answers again.
 */
public final class ResponseNotDeliveredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResponseNotDeliveredException(String message) {
        super(message);
    }
}
