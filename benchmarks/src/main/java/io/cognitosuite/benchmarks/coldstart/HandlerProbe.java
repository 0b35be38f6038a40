package io.cognitosuite.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM's program, on a class path of the unpacked Lambda artifact and this class alone: constructs the
 * handler as the Lambda runtime's init does (by name, no-arg constructor) and answers one event, as the first
 * invocation. Prints markers between the phases (for {@code -Xlog:class+load}) and its own timings.
 * Arguments: the handler class, the event file.
 */
public final class HandlerProbe {
    private HandlerProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event;
        try (InputStream in = new FileInputStream(args[1])) {
            event = in.readAllBytes();
        }
        System.out.println(ColdStartBenchmark.MARKER + "construct");
        long started = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();
        System.out.println(ColdStartBenchmark.MARKER + "invoke");
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), response, new ProbeContext());
        long invoked = System.nanoTime();
        System.out.println(ColdStartBenchmark.MARKER + "done");
        System.out.println(ColdStartBenchmark.RESULT + "construct-ns " + (constructed - started));
        System.out.println(ColdStartBenchmark.RESULT + "first-invocation-ns " + (invoked - constructed));
        System.out.println(ColdStartBenchmark.RESULT + "response " + response.toString(StandardCharsets.UTF_8));
        System.out.flush();
        // As a frozen execution environment: nothing after the answer counts (pool threads are not waited for).
        System.exit(0);
    }

    /** A Lambda context with Cognito's five seconds to go. */
    private static final class ProbeContext implements Context {
        private final long deadline = System.currentTimeMillis() + 5_000;

        @Override
        public String getAwsRequestId() {
            return "cold-start-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/PreTokenGeneration";
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return "PreTokenGeneration";
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:PreTokenGeneration:live";
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
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
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
}
