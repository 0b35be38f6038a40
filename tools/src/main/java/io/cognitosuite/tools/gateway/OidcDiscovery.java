package io.cognitosuite.tools.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where an OIDC issuer publishes its keys: the {@code jwks_uri} of {@code {issuer}/.well-known/openid-configuration}
 * (whose {@code issuer} must be the issuer itself, OIDC Discovery 4.3), or, when the issuer serves no discovery
 * document (404), {@code {issuer}/.well-known/jwks.json}, where a Cognito user pool has them.
 */
public final class OidcDiscovery {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private OidcDiscovery() {
    }

    /** The issuer's key set location; a {@link DiscoveryException} (fixed sentences, no response text) if unknown. */
    public static URI jwksUri(String issuer) {
        URI base = issuerUri(issuer);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        URI discovery = URI.create(stripSlash(base.toString()) + "/.well-known/openid-configuration");
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DiscoveryException("the issuer did not answer its discovery document request", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while reading the issuer's discovery document", e);
        }
        if (response.statusCode() == 404) {
            return URI.create(stripSlash(base.toString()) + "/.well-known/jwks.json");
        }
        if (response.statusCode() != 200) {
            throw new DiscoveryException("the issuer's discovery document answered HTTP " + response.statusCode(), null);
        }
        JsonNode document;
        try {
            document = Json.parse(response.body());
        } catch (MalformedJsonException e) {
            throw new DiscoveryException("the issuer's discovery document is not JSON", e);
        }
        if (!issuer.equals(document.path("issuer").asText(null))) {
            throw new DiscoveryException("the discovery document names another issuer (OIDC requires the same)", null);
        }
        String jwks = document.path("jwks_uri").asText("");
        try {
            URI uri = new URI(jwks);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new DiscoveryException("the discovery document's jwks_uri is not an http(s) URL", null);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new DiscoveryException("the discovery document's jwks_uri is not a URL", e);
        }
    }

    /** The issuer as a URL (API Gateway requires https; locally http is allowed). */
    static URI issuerUri(String issuer) {
        try {
            URI uri = new URI(issuer);
            if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new DiscoveryException("the issuer must be an http(s) URL without query or fragment", null);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new DiscoveryException("the issuer is not a URL", e);
        }
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** The issuer's keys cannot be located. */
    public static final class DiscoveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DiscoveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
