package io.cognitosuite.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.cognitosuite.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A Lambda {@link Context} whose remaining time counts down to a real deadline. */
public final class FakeLambdaContext implements Context {
    private final String requestId;
    private final String functionName;
    private final Instant deadline;
    private final Clock clock;

    public FakeLambdaContext(String functionName, Duration timeout) {
        this(functionName, UUID.randomUUID().toString(), Clock.systemUTC().instant().plus(timeout), Clock.systemUTC());
    }

    public FakeLambdaContext(String functionName, String requestId, Instant deadline, Clock clock) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Five seconds, as Cognito allows a trigger. */
    public static FakeLambdaContext cognitoTrigger(String functionName) {
        return new FakeLambdaContext(functionName, Duration.ofSeconds(5));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Deadline.at(deadline, clock).left().toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
