package io.cognitosuite.schema.function;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for CloudFormation's pre-signed S3 response URL on loopback: records every request and answers
 * with scripted statuses (200 once the script is used up).
 */
final class ResponseUrlServer implements AutoCloseable {
    /** One request as the server saw it. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    ResponseUrlServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
            int status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? 200 : statuses.pop();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers the next requests with these statuses, in order. */
    void answerWith(Integer... scripted) {
        synchronized (statuses) {
            statuses.addAll(List.of(scripted));
        }
    }

    /** A URL shaped like a pre-signed one; its signature is what must never be logged. */
    URI responseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/cloudformation-custom-resource-response-euwest1/stack-request?X-Amz-Signature=do-not-log-me");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
