package io.cognitosuite.tools.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cognitosuite.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The OIDC issuer the CLI runs itself when no {@code --issuer} is given, shaped like a Cognito user pool's: issuer
 * {@code http://localhost:<port>/local_CognitoSuite}, its keys at {@code {issuer}/.well-known/jwks.json} and its
 * discovery document at {@code {issuer}/.well-known/openid-configuration}. It mints Cognito-shaped tokens
 * ({@link CognitoTokens}) with the keys in {@code <state>/issuer/} ({@link SigningKeys}); while it runs,
 * {@code <state>/issuer/issuer.json} ({@link IssuerSettings}) tells {@code cognito-suite token} in another process
 * which issuer and clients to mint for.
 */
public final class LocalIssuer implements AutoCloseable {
    /** Matches the pool id rule ({@code [\w-]+_[0-9a-zA-Z]+}) so that the API function takes it as its USER_POOL_ID. */
    public static final String USER_POOL_ID = "local_CognitoSuite";
    /** Shaped like a Cognito app client id (26 lower-case letters and digits). */
    public static final String DEFAULT_CLIENT_ID = "cognitosuitelocalwebclient";
    public static final int DEFAULT_PORT = 9003;
    /** Under the state directory ({@code .cognito-suite}): the keys and, while running, the settings. */
    public static final String DIRECTORY = "issuer";

    private final HttpServer server;
    private final ExecutorService workers;
    private final Path directory;
    private final SigningKeys keys;
    private final IssuerSettings settings;
    private final Clock clock;

    private LocalIssuer(HttpServer server, ExecutorService workers, Path directory, SigningKeys keys,
                        IssuerSettings settings, Clock clock) {
        this.server = server;
        this.workers = workers;
        this.directory = directory;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts on loopback (port 0 picks a free one) with the keys under {@code stateDirectory/issuer} (created on first
     * use) and writes the settings file there.
     */
    public static LocalIssuer start(Path stateDirectory, int port, List<String> clientIds, Clock clock) throws IOException {
        return start(stateDirectory.resolve(DIRECTORY), port, clientIds, clock,
                SigningKeys.in(stateDirectory.resolve(DIRECTORY), clock));
    }

    /** As {@link #start(Path, int, List, Clock)} with these keys (tests give pre-made key pairs). */
    static LocalIssuer start(Path directory, int port, List<String> clientIds, Clock clock, SigningKeys keys)
            throws IOException {
        Objects.requireNonNull(clock, "clock");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "local-issuer");
            t.setDaemon(true);
            return t;
        });
        String issuer = "http://localhost:" + server.getAddress().getPort() + "/" + USER_POOL_ID;
        IssuerSettings settings = new IssuerSettings(issuer, USER_POOL_ID, clientIds);
        LocalIssuer local = new LocalIssuer(server, workers, directory, keys, settings, clock);
        server.createContext("/" + USER_POOL_ID + "/.well-known/", local::handle);
        server.setExecutor(workers);
        server.start();
        try {
            settings.write(directory);
        } catch (RuntimeException e) {
            local.close(); // no issuer left listening that no settings file names
            throw e;
        }
        return local;
    }

    public String issuer() {
        return settings.issuer();
    }

    public IssuerSettings settings() {
        return settings;
    }

    public URI jwksUri() {
        return URI.create(issuer() + "/.well-known/jwks.json");
    }

    public SigningKeys keys() {
        return keys;
    }

    /** The gateway's JWT authorizer for this issuer: its URL, its clients as the audience, its JWKS. */
    public JwtAuthorizerSettings authorizerSettings() {
        return JwtAuthorizerSettings.of(issuer(), Set.copyOf(settings.clientIds()), jwksUri());
    }

    public String accessToken(TokenRequest request) {
        return CognitoTokens.access(issuer(), keys.active(), request, clock);
    }

    public String idToken(TokenRequest request) {
        return CognitoTokens.id(issuer(), keys.active(), request, clock);
    }

    /** A new signing key (new kid); the old one stays in the JWKS until the tokens it signed have expired. */
    public RSAKey rotateKey() {
        return keys.rotate();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/" + USER_POOL_ID + "/.well-known/";
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"message\":\"Method Not Allowed\"}");
            } else if (path.equals(prefix + "jwks.json")) {
                // read on every request: a key rotated by another process is served at once
                send(exchange, 200, keys.publicKeys().toString(true));
            } else if (path.equals(prefix + "openid-configuration")) {
                send(exchange, 200, Json.write(discoveryDocument()));
            } else {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
            }
        }
    }

    /** Only what this issuer does: it has no authorization or token endpoint (tokens come from the CLI). */
    private ObjectNode discoveryDocument() {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("issuer", issuer());
        document.put("jwks_uri", jwksUri().toString());
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("response_types_supported").add("token");
        return document;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving and deletes the settings file (the keys stay). */
    @Override
    public void close() {
        IssuerSettings.delete(directory);
        server.stop(0);
        workers.shutdownNow();
    }
}
