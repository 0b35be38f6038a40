package io.cognitosuite.tools.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API on loopback the way an HTTP API serves it: a request that matches no route is {@code 404
 * {"message":"Not Found"}}; a body over the limit {@code 413}; on a JWT route the {@link JwtAuthorizer} decides
 * ({@code 401 {"message":"Unauthorized"}} or {@code 403 {"message":"Forbidden"}}, with a {@code www-authenticate}
 * header, before the function runs); otherwise the function gets the payload 2.0 event and its response's status,
 * headers, cookies and body are written back. A function that throws or returns nothing is {@code 500
 * {"message":"Internal Server Error"}}. Every response carries {@code apigw-requestid}, the event's request id.
 *
 * <p>The log line per request names the route key, the status, the refusal code and the request id: never a header
 * (the token), the raw path (it can hold a user's sub) or a claim.
 */
public final class LocalGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);
    /** HTTP API's payload limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Where {@code cognito-suite local} serves the API unless told otherwise (the Invoke endpoint has 9001). */
    public static final int DEFAULT_PORT = 9002;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService workers;
    private final GatewayRoutes routes;
    private final JwtAuthorizer authorizer;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function;
    private final int maxBodyBytes;
    private final Clock clock;

    private LocalGateway(HttpServer server, ExecutorService workers, GatewayRoutes routes, JwtAuthorizer authorizer,
                         Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function, int maxBodyBytes,
                         Clock clock) {
        this.server = server;
        this.workers = workers;
        this.routes = routes;
        this.authorizer = authorizer;
        this.function = function;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Starts on loopback; port 0 picks a free one. */
    public static LocalGateway start(GatewayRoutes routes, JwtAuthorizer authorizer,
                                     Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function, int port)
            throws IOException {
        return start(routes, authorizer, function, port, DEFAULT_MAX_BODY_BYTES);
    }

    public static LocalGateway start(GatewayRoutes routes, JwtAuthorizer authorizer,
                                     Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function, int port,
                                     int maxBodyBytes) throws IOException {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(function, "function");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be zero or more");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-gateway");
            t.setDaemon(true);
            return t;
        });
        LocalGateway gateway = new LocalGateway(server, workers, routes, authorizer, function, maxBodyBytes,
                authorizer.settings().clock());
        server.createContext("/", gateway::handle);
        server.setExecutor(workers);
        server.start();
        return gateway;
    }

    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = requestId();
            exchange.getResponseHeaders().add("apigw-requestid", requestId);
            try {
                serve(exchange, requestId);
            } catch (RuntimeException e) {
                LOG.error("gateway failed: error={} requestId={}", e.getClass().getName(), requestId);
                message(exchange, 500, "Internal Server Error", "unknown", "gateway_error", requestId);
            }
        }
    }

    private void serve(HttpExchange exchange, String requestId) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        GatewayRoutes.Match match = routes.match(exchange.getRequestMethod(), rawPath).orElse(null);
        if (match == null) {
            message(exchange, 404, "Not Found", "none", null, requestId);
            return;
        }
        String routeKey = match.route().routeKey();
        byte[] body = readBody(exchange);
        if (body == null) {
            message(exchange, 413, "Request Entity Too Large", routeKey, null, requestId);
            return;
        }
        GatewayRequest request = new GatewayRequest(exchange.getRequestMethod(), rawPath, uri.getRawQuery(),
                exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress().getHostAddress());
        AuthorizerDecision.Allowed allowed = null;
        if (match.route().authorization() == RouteAuthorization.JWT) {
            // HTTP API combines a repeated header with commas before its identity source reads it (as in the event's
            // headers): two Authorization headers are one malformed value, refused, never the first one verified.
            java.util.List<String> authorization = request.headers().get("authorization");
            AuthorizerDecision decision = authorizer.authorize(
                    authorization == null ? null : String.join(",", authorization), match.route());
            if (decision instanceof AuthorizerDecision.Refused refused) {
                refuse(exchange, refused, match.route(), routeKey, requestId);
                return;
            }
            allowed = (AuthorizerDecision.Allowed) decision;
        }
        APIGatewayV2HTTPEvent event = HttpApiEvents.event(request, match, allowed, requestId, clock.instant());
        APIGatewayV2HTTPResponse response;
        try {
            response = function.apply(event);
        } catch (RuntimeException e) {
            LOG.error("api function failed: route={} error={} requestId={}", routeKey, e.getClass().getName(), requestId);
            message(exchange, 500, "Internal Server Error", routeKey, "function_error", requestId);
            return;
        }
        if (response == null) {
            message(exchange, 500, "Internal Server Error", routeKey, "no_response", requestId);
            return;
        }
        write(exchange, response, routeKey, requestId);
    }

    /** The body, or null when it is larger than the limit (checked from Content-Length first, then while reading). */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the server would not have parsed such a request; read what comes
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }

    private void refuse(HttpExchange exchange, AuthorizerDecision.Refused refused, GatewayRoute route, String routeKey,
                        String requestId) throws IOException {
        AuthorizerDecision.Refusal reason = refused.reason();
        String challenge;
        if (reason.description() == null) {
            challenge = "Bearer";
        } else if (reason == AuthorizerDecision.Refusal.INSUFFICIENT_SCOPE) {
            challenge = "Bearer scope=\"" + String.join(" ", route.scopes()) + "\" error=\"insufficient_scope\""
                    + " error_description=\"" + reason.description() + "\"";
        } else {
            challenge = "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + reason.description() + "\"";
        }
        exchange.getResponseHeaders().add("www-authenticate", challenge);
        message(exchange, reason.status(), reason.status() == 403 ? "Forbidden" : "Unauthorized", routeKey, reason.code(),
                requestId);
    }

    private void message(HttpExchange exchange, int status, String message, String routeKey, String reason,
                         String requestId) throws IOException {
        logRequest(routeKey, status, reason, requestId);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void write(HttpExchange exchange, APIGatewayV2HTTPResponse response, String routeKey, String requestId)
            throws IOException {
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(
                    value -> exchange.getResponseHeaders().add(name, value)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        }
        byte[] body;
        if (response.getBody() == null) {
            body = new byte[0];
        } else if (response.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(response.getBody());
            } catch (IllegalArgumentException e) {
                exchange.getResponseHeaders().clear();
                exchange.getResponseHeaders().add("apigw-requestid", requestId);
                message(exchange, 500, "Internal Server Error", routeKey, "bad_base64_body", requestId);
                return;
            }
        } else {
            body = response.getBody().getBytes(StandardCharsets.UTF_8);
        }
        logRequest(routeKey, status, null, requestId);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void logRequest(String routeKey, int status, String reason, String requestId) {
        if (reason == null) {
            LOG.info("gateway request: route={} status={} requestId={}", routeKey, status, requestId);
        } else {
            LOG.info("gateway request: route={} status={} reason={} requestId={}", routeKey, status, reason, requestId);
        }
    }

    /** Shaped like HTTP API's ({@code JKJaXmPLvHcESHA=}): 10 random bytes, base64. */
    static String requestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
