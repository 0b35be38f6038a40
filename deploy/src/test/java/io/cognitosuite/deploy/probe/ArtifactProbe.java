package io.cognitosuite.deploy.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: logs one line through SLF4J and prints the appenders log4j configured.
 * {@code construct <class>...}: constructs each handler with its no-arg constructor, as Lambda's init does.
 * {@code invoke <class>}: constructs a stream handler and invokes it with standard input as the event.
 *
 * <p>Results are printed as lines starting with {@code PROBE }, so that tests can tell them from log lines.
 */
public final class ArtifactProbe {
    private static final PrintStream OUT = System.out;

    private ArtifactProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "log" -> log();
            case "construct" -> construct(Arrays.copyOfRange(args, 1, args.length));
            case "invoke" -> invoke(args[1]);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void log() {
        LoggerFactory.getLogger(ArtifactProbe.class).info("probe-message");
        OUT.println("PROBE slf4j " + LoggerFactory.getILoggerFactory().getClass().getName());
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (Appender appender : context.getConfiguration().getAppenders().values()) {
            OUT.println("PROBE appender " + appender.getName() + " " + appender.getClass().getName());
        }
    }

    private static void construct(String[] handlers) throws Exception {
        for (String handler : handlers) {
            Class.forName(handler).getDeclaredConstructor().newInstance();
            OUT.println("PROBE constructed " + handler);
        }
        // Give anything started in the background (a pool filler, a client warm-up) the chance to connect.
        Thread.sleep(1000);
        OUT.println("PROBE done");
    }

    private static void invoke(String handler) throws Exception {
        RequestStreamHandler instance = (RequestStreamHandler) Class.forName(handler).getDeclaredConstructor().newInstance();
        byte[] event = System.in.readAllBytes();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            instance.handleRequest(new java.io.ByteArrayInputStream(event), response, new ProbeContext(handler));
            OUT.println("PROBE response " + response.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            OUT.println("PROBE error " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** A Lambda context with a minute to go. */
    private static final class ProbeContext implements Context {
        private final String function;
        private final long deadline = System.currentTimeMillis() + 60_000;

        ProbeContext(String handler) {
            this.function = handler.substring(handler.lastIndexOf('.') + 1);
        }

        @Override
        public String getAwsRequestId() {
            return "probe-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + function;
        }

        @Override
        public String getLogStreamName() {
            return "probe-stream";
        }

        @Override
        public String getFunctionName() {
            return function;
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:" + function + ":live";
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
                    OUT.print(message);
                }

                @Override
                public void log(byte[] message) {
                    OUT.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
