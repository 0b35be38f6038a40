package io.cognitosuite.aws;

import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one way the suite names an AWS SDK failure where a log line or an exception message may show it: the service's
 * error code when it is a plain word (e.g. {@code AccessDeniedException}), otherwise the exception's class; never the
 * SDK's message, which can quote the request (a {@code ListUsers} filter holds the whole email, an SQS refusal may
 * quote the body). A code is the service's text, so one that is not a plain word is not trusted to be one.
 */
public final class AwsErrorCode {
    private static final Pattern PLAIN_CODE = Pattern.compile("[A-Za-z0-9.:_-]{1,100}");

    private AwsErrorCode() {
    }

    /** The service's error code if it answered with a plain one, else the exception's simple class name. */
    public static String of(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            if (code != null && PLAIN_CODE.matcher(code).matches()) {
                return code;
            }
        }
        return e.getClass().getSimpleName();
    }

    /**
     * {@link #of} followed by the HTTP status when the service answered, e.g. {@code AccessDeniedException (HTTP 400)};
     * only the class name when it did not (a timeout, a refused connection).
     */
    public static String withStatus(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return of(e) + " (HTTP " + service.statusCode() + ")";
        }
        return of(e);
    }
}
