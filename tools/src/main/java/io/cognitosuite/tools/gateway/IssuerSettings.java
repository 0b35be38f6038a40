package io.cognitosuite.tools.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a running local issuer tells other processes ({@code <state>/issuer/issuer.json}, written when it starts and
 * deleted when it stops): its issuer URL, its pool id and the app client ids its gateway accepts. {@code
 * cognito-suite token} reads it to put the right {@code iss} and {@code client_id} into the token; the keys themselves
 * are in {@link SigningKeys}.
 */
public record IssuerSettings(String issuer, String userPoolId, List<String> clientIds) {
    static final String FILE_NAME = "issuer.json";

    public IssuerSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(userPoolId, "userPoolId");
        clientIds = List.copyOf(clientIds);
        if (clientIds.isEmpty()) {
            throw new IllegalArgumentException("an issuer has at least one app client");
        }
    }

    /** The settings a running issuer wrote under {@code issuerDirectory}; empty when none is running there. */
    public static Optional<IssuerSettings> read(Path issuerDirectory) {
        Path file = issuerDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<String> clients = new ArrayList<>();
            node.path("clientIds").forEach(c -> clients.add(c.asText()));
            return Optional.of(new IssuerSettings(node.path("issuer").asText(), node.path("userPoolId").asText(), clients));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (MalformedJsonException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a local issuer's settings file", e);
        }
    }

    void write(Path issuerDirectory) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("issuer", issuer);
        node.put("userPoolId", userPoolId);
        clientIds.forEach(node.putArray("clientIds")::add);
        try {
            Files.createDirectories(issuerDirectory);
            Files.writeString(issuerDirectory.resolve(FILE_NAME), Json.write(node) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + issuerDirectory.resolve(FILE_NAME), e);
        }
    }

    static void delete(Path issuerDirectory) {
        try {
            Files.deleteIfExists(issuerDirectory.resolve(FILE_NAME));
        } catch (IOException ignored) {
            // a stale file names an issuer that is gone: token then mints for it, and the gateway refuses nothing new
        }
    }
}
