package io.cognitosuite.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which AWS SDK failures may succeed if the same call is made again, the one rule every adapter applies (SQS and
 * EventBridge retry on it within their deadline; the Cognito adapter reports it to the trigger, which decides).
 *
 * <p>A service error is judged by its status, with or without error details: one without details (no error code)
 * and a 4xx status is permanent, with a 5xx status or none transient. For the Cognito adapter this changed: such an
 * error used to be transient whatever its status ({@code AwsFailuresTest} pins the rule).
 */
public final class AwsFailures {
    private AwsFailures() {
    }

    /**
     * Transient: the service throttled the call ({@code ThrottlingException}, HTTP 429, Cognito's
     * {@code TooManyRequestsException}, ...), failed on its side (HTTP 5xx) or gave no HTTP status at all; or there
     * was no answer, by the SDK's own signal: a client exception it calls retryable, a call or attempt timeout, or an
     * I/O failure (a refused or reset connection, a read that timed out) as its cause. A client fault that is no I/O
     * (no credentials, a request that cannot be marshalled, {@link NonRetryableException}) fails again the same way,
     * as does everything else (denied access, a missing queue or bus, a request the service refuses) and anything
     * that is not an SDK failure.
     */
    public static boolean isTransient(Throwable e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            return service.isThrottlingException() || status >= 500 || status == 0
                    || "TooManyRequestsException".equals(AwsErrorCode.of(service));
        }
        if (e instanceof SdkClientException client && !(client instanceof NonRetryableException)) {
            return client.retryable() || client instanceof ApiCallTimeoutException
                    || client instanceof ApiCallAttemptTimeoutException || causedByIo(client);
        }
        return false;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
