package io.cognitosuite.deploy.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: logs one line through SLF4J and prints the appenders log4j configured.
 * {@code construct <class>...}: constructs each handler with its no-arg constructor, as Lambda's init does.
 * {@code invoke <class> [event-file...]}: constructs a handler and invokes it, as Lambda's runtime does, once with
 * standard input as the event and then once with each file named, then prints what
 * {@code log} prints about logging: a stream handler gets the event as it is; a {@code RequestHandler<SQSEvent, ?>} gets one SQS record whose body is
 * standard input; a {@code RequestHandler<Map, ?>} gets a scheduled event (its content does not matter to the
 * relay); a {@code RequestHandler<APIGatewayV2HTTPEvent, ?>} gets the HTTP API event its input describes
 * ({@link HttpApiEvents}) and answers {@code status=<code> body=<body>}. The probe builds those objects itself, with no JSON library, so that it loads nothing of the artifact
 * that Lambda's own event serialisation would not (the event classes themselves).
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
            case "invoke" -> invoke(args[1], Arrays.copyOfRange(args, 2, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void log() {
        LoggerFactory.getLogger(ArtifactProbe.class).info("probe-message");
        printLogging();
    }

    private static void printLogging() {
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

    private static void invoke(String handler, String[] moreEvents) throws Exception {
        Object instance = Class.forName(handler).getDeclaredConstructor().newInstance();
        OUT.println("PROBE constructed " + handler);
        Context context = new ProbeContext(handler);
        invokeOnce(instance, System.in.readAllBytes(), context);
        for (String file : moreEvents) {
            invokeOnce(instance, java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file)), context);
        }
        printLogging();
    }

    private static void invokeOnce(Object instance, byte[] event, Context context) {
        try {
            if (instance instanceof RequestStreamHandler stream) {
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                stream.handleRequest(new java.io.ByteArrayInputStream(event), response, context);
                OUT.println("PROBE response " + response.toString(StandardCharsets.UTF_8));
            } else {
                OUT.println("PROBE response " + invokeTyped(instance, new String(event, StandardCharsets.UTF_8), context));
            }
        } catch (Exception e) {
            OUT.println("PROBE error " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Object invokeTyped(Object instance, String event, Context context) {
        Type input = inputType(instance.getClass());
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) instance;
        if (input == Map.class) {
            return handler.handleRequest(scheduledEvent(), context);
        }
        if (input.getTypeName().startsWith(EVENTS_PACKAGE)) {
            // Lambda's runtime deserialises every aws-lambda-java-events type with a Jackson module for Joda's
            // DateTime, loaded from the function's class path (aws-lambda-java-serialization: LambdaEventSerializers
            // .serializerFor registers a DateTimeModule, whose constructor loads org.joda.time.DateTime): the jar
            // must hold it although neither SQSEvent nor APIGatewayV2HTTPEvent has a DateTime field.
            try {
                Class.forName("org.joda.time.DateTime", true, instance.getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Lambda's event serialiser needs org.joda.time.DateTime", e);
            }
        }
        if (input.getTypeName().equals(EVENTS_PACKAGE + "SQSEvent")) {
            return handler.handleRequest(SqsEvents.oneRecord(event), context);
        }
        if (input.getTypeName().equals(EVENTS_PACKAGE + "APIGatewayV2HTTPEvent")) {
            return HttpApiEvents.describe(handler.handleRequest(HttpApiEvents.from(event), context));
        }
        throw new IllegalArgumentException("the probe cannot build a " + input.getTypeName());
    }

    private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events.";

    private static Type inputType(Class<?> handler) {
        for (Type type : handler.getGenericInterfaces()) {
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                Type input = parameterized.getActualTypeArguments()[0];
                return input instanceof ParameterizedType p ? p.getRawType() : input;
            }
        }
        throw new IllegalArgumentException(handler.getName() + " is neither a stream handler nor a RequestHandler");
    }

    /** What Lambda's serialiser makes of an EventBridge schedule's event for a {@code Map} parameter. */
    private static Map<String, Object> scheduledEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", "00000000-0000-4000-8000-0000000000aa");
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", "2026-12-01T12:00:00Z");
        event.put("region", "eu-west-1");
        event.put("resources", List.of("arn:aws:events:eu-west-1:123456789012:rule/probe"));
        event.put("detail", Map.of());
        return event;
    }

    /** Apart, so that the probe links against the SQS event classes only in an artifact that holds them. */
    private static final class SqsEvents {
        static SQSEvent oneRecord(String body) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("00000000-0000-4000-8000-0000000000bb");
            message.setReceiptHandle("probe-receipt");
            message.setBody(body);
            message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1764590400000"));
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:cognito-suite-probe-user-confirmed");
            message.setAwsRegion("eu-west-1");
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(message));
            return event;
        }
    }

    /**
     * Apart, so that the probe links against the HTTP API event classes only in an artifact that holds them. The event
     * comes as {@code name=value} lines (the test flattens a sample payload 2.0 event into them, since the probe has
     * no JSON library): {@code routeKey}, {@code rawPath}, {@code requestId}, {@code body}, {@code header.<name>},
     * {@code path.<name>}, {@code claim.<name>} (the JWT authorizer's claims, as strings) and {@code scopes}
     * (space-separated).
     */
    private static final class HttpApiEvents {
        static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent from(String lines) {
            Map<String, String> headers = new LinkedHashMap<>();
            Map<String, String> path = new LinkedHashMap<>();
            Map<String, String> claims = new LinkedHashMap<>();
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : lines.split("\n")) {
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String name = line.substring(0, equals);
                String value = line.substring(equals + 1);
                if (name.startsWith("header.")) {
                    headers.put(name.substring("header.".length()), value);
                } else if (name.startsWith("path.")) {
                    path.put(name.substring("path.".length()), value);
                } else if (name.startsWith("claim.")) {
                    claims.put(name.substring("claim.".length()), value);
                } else {
                    fields.put(name, value);
                }
            }
            var http = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http();
            String routeKey = fields.get("routeKey");
            http.setMethod(routeKey.substring(0, routeKey.indexOf(' ')));
            http.setPath(fields.get("rawPath"));
            http.setProtocol("HTTP/1.1");
            var context = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext();
            context.setRouteKey(routeKey);
            context.setRequestId(fields.get("requestId"));
            context.setStage("$default");
            context.setApiId("probe");
            context.setHttp(http);
            if (!claims.isEmpty()) {
                var jwt = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
                jwt.setClaims(claims);
                if (fields.containsKey("scopes")) {
                    jwt.setScopes(List.of(fields.get("scopes").split(" ")));
                }
                var authorizer = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer();
                authorizer.setJwt(jwt);
                context.setAuthorizer(authorizer);
            }
            var event = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
            event.setVersion("2.0");
            event.setRouteKey(routeKey);
            event.setRawPath(fields.get("rawPath"));
            event.setRawQueryString("");
            event.setHeaders(headers);
            event.setPathParameters(path.isEmpty() ? null : path);
            event.setBody(fields.get("body"));
            event.setRequestContext(context);
            return event;
        }

        static String describe(Object response) {
            var answer = (com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse) response;
            return "status=" + answer.getStatusCode() + " body=" + answer.getBody();
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
