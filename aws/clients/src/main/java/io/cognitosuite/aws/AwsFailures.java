package io.cognitosuite.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which AWS SDK failures may succeed if the same call is made again, the one rule every adapter applies (SQS and
 * EventBridge retry on it within their deadline; the Cognito adapter reports it to the trigger, which decides).
 */
public final class AwsFailures {
    private AwsFailures() {
    }

    /**
     * Transient: the service throttled the call ({@code ThrottlingException}, HTTP 429, Cognito's
     * {@code TooManyRequestsException}, ...), failed on its side (HTTP 5xx) or gave no HTTP status at all; or there
     * was no answer (the client's timeouts, a refused or reset connection: {@link SdkClientException}). Everything
     * else (denied access, a missing queue or bus, a request the service refuses) fails again the same way, and so
     * does anything that is not an SDK failure.
     */
    public static boolean isTransient(Throwable e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            return service.isThrottlingException() || status >= 500 || status == 0
                    || "TooManyRequestsException".equals(AwsErrorCode.of(service));
        }
        return e instanceof SdkClientException;
    }
}
