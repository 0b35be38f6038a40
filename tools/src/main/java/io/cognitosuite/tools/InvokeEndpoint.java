package io.cognitosuite.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.FakeLambdaContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) on loopback,
 * hosting the local functions under their template names, so the AWS SDK {@code LambdaClient}, the AWS
 * CLI with {@code --endpoint-url}, or a Cognito emulator can drive them. A function error comes back as
 * Lambda returns it: HTTP 200, header {@code X-Amz-Function-Error: Unhandled}, body
 * {@code {"errorMessage":…,"errorType":…}}. An unknown function is a 404 {@code ResourceNotFoundException}.
 */
public final class InvokeEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InvokeEndpoint.class);
    private static final Pattern PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
    /** For a function template.yaml does not have: a Cognito trigger's. */
    private static final Duration OTHER_FUNCTION_TIMEOUT = LocalSuite.FUNCTION_TIMEOUTS.get(LocalSuite.PRE_SIGN_UP);

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, LocalFunction> functions;

    private InvokeEndpoint(HttpServer server, ExecutorService workers, Map<String, LocalFunction> functions) {
        this.server = server;
        this.workers = workers;
        this.functions = functions;
    }

    /** Starts on loopback; port 0 picks a free one. */
    public static InvokeEndpoint start(Map<String, LocalFunction> functions, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "invoke-endpoint");
            t.setDaemon(true);
            return t;
        });
        InvokeEndpoint endpoint = new InvokeEndpoint(server, workers, Map.copyOf(Objects.requireNonNull(functions)));
        server.createContext("/", endpoint::handle);
        server.setExecutor(workers);
        server.start();
        return endpoint;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                respond(exchange, 404, "UnknownOperationException", error("UnknownOperationException", "Unknown operation"));
                return;
            }
            String name = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            String shortName = functionName(name);
            LocalFunction function = functions.get(shortName);
            if (function == null) {
                respond(exchange, 404, "ResourceNotFoundException",
                        error("ResourceNotFoundException", "Function not found: " + name));
                return;
            }
            byte[] event = exchange.getRequestBody().readAllBytes();
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().add("X-Amzn-RequestId", requestId);
            exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("DryRun".equals(type)) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if ("Event".equals(type)) {
                workers.submit(() -> invokeQuietly(function, shortName, event, requestId));
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            byte[] body;
            try {
                body = function.invoke(event, new FakeLambdaContext(shortName, requestId,
                        java.time.Instant.now().plus(timeout(shortName)), java.time.Clock.systemUTC()));
            } catch (Exception e) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                ObjectNode error = Json.mapper().createObjectNode();
                error.put("errorMessage", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                error.put("errorType", e.getClass().getName());
                send(exchange, 200, Json.write(error).getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, body);
        }
    }

    /** The function's {@code Timeout} in template.yaml ({@link LocalSuite#FUNCTION_TIMEOUTS}), given to each invocation. */
    static Duration timeout(String function) {
        return LocalSuite.FUNCTION_TIMEOUTS.getOrDefault(function, OTHER_FUNCTION_TIMEOUT);
    }

    /** {@code Name}, {@code Name:alias}, or an ARN {@code arn:aws:lambda:…:function:Name[:qualifier]}. */
    static String functionName(String name) {
        int function = name.indexOf(":function:");
        String rest = function < 0 ? name : name.substring(function + ":function:".length());
        int qualifier = rest.indexOf(':');
        return qualifier < 0 ? rest : rest.substring(0, qualifier);
    }

    private static void invokeQuietly(LocalFunction function, String name, byte[] event, String requestId) {
        try {
            function.invoke(event, new FakeLambdaContext(name, requestId, java.time.Instant.now().plus(timeout(name)),
                    java.time.Clock.systemUTC()));
        } catch (Exception e) {
            LOG.warn("asynchronous invocation of {} failed: {}", name, e.toString());
        }
    }

    private static byte[] error(String type, String message) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("Type", "User");
        node.put("message", message);
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String errorType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
