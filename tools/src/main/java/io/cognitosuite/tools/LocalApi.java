package io.cognitosuite.tools;

import io.cognitosuite.api.function.ApiHandler;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.tools.support.UsageException;
import io.cognitosuite.tools.gateway.GatewayRoutes;
import io.cognitosuite.tools.gateway.JwtAuthorizer;
import io.cognitosuite.tools.gateway.JwtAuthorizerSettings;
import io.cognitosuite.tools.gateway.LocalGateway;
import io.cognitosuite.tools.gateway.LocalIssuer;
import io.cognitosuite.tools.gateway.OidcDiscovery;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API as {@code cognito-suite local} serves it: the API function (its production composition root, over the local
 * database) behind the local gateway, which verifies every bearer token the way HTTP API's JWT authorizer does. The
 * tokens come from the local issuer the CLI runs itself ({@code cognito-suite token} signs with its key), or from any
 * OIDC issuer with a JWKS ({@code --issuer}: a real user pool, or cognito-local).
 */
final class LocalApi implements AutoCloseable {
    /** The pool id is the last path segment of a Cognito issuer URL ({@code https://cognito-idp.<region>.amazonaws.com/<pool id>}). */
    private static final Pattern LAST_SEGMENT = Pattern.compile("^https?://[^/]+/([^/?#]+)/?$");

    private final LocalIssuer issuer;
    private final LocalGateway gateway;
    private final String issuerUrl;
    private final Set<String> audience;

    private LocalApi(LocalIssuer issuer, LocalGateway gateway, String issuerUrl, Set<String> audience) {
        this.issuer = issuer;
        this.gateway = gateway;
        this.issuerUrl = issuerUrl;
        this.audience = audience;
    }

    /**
     * Where tokens come from.
     *
     * @param externalIssuer an OIDC issuer URL, or empty for the CLI's own issuer
     * @param audience       the app client ids the gateway accepts; required with an external issuer, else the local
     *                       issuer's client
     * @param issuerPort     the local issuer's port (0: any free one); unused with an external issuer
     * @param stateDirectory where the local issuer keeps its key and settings ({@code .cognito-suite})
     */
    record Tokens(Optional<String> externalIssuer, List<String> audience, int issuerPort, Path stateDirectory) {
        Tokens {
            Objects.requireNonNull(externalIssuer, "externalIssuer");
            audience = List.copyOf(audience);
            Objects.requireNonNull(stateDirectory, "stateDirectory");
        }

        static Tokens local(Path stateDirectory) {
            return new Tokens(Optional.empty(), List.of(), 0, stateDirectory);
        }
    }

    /**
     * Starts the issuer (unless external), builds the API function for its pool and serves it on {@code gatewayPort}.
     *
     * @throws UsageException when an external issuer comes without an audience or is not shaped like a Cognito issuer
     * @throws IOException    when a port cannot be bound
     */
    static LocalApi start(LocalSuite suite, Tokens tokens, int gatewayPort, Map<String, String> environment)
            throws IOException {
        LocalIssuer issuer = null;
        try {
            String issuerUrl;
            String userPoolId;
            Set<String> audience;
            URI jwks;
            if (tokens.externalIssuer().isPresent()) {
                issuerUrl = tokens.externalIssuer().get();
                if (tokens.audience().isEmpty()) {
                    throw new UsageException("--issuer needs the app client ids its tokens are for",
                            "add --audience <client id> (repeatable), as the JWT authorizer's audience in template.yaml");
                }
                Matcher pool = LAST_SEGMENT.matcher(issuerUrl);
                if (!pool.matches()) {
                    throw new UsageException("--issuer is not an issuer URL ending in a user pool id",
                            "use https://cognito-idp.<region>.amazonaws.com/<pool id> or http://localhost:9229/<pool id>");
                }
                userPoolId = pool.group(1);
                audience = Set.copyOf(tokens.audience());
                jwks = OidcDiscovery.jwksUri(issuerUrl);
            } else {
                List<String> clients = tokens.audience().isEmpty() ? List.of(LocalIssuer.DEFAULT_CLIENT_ID) : tokens.audience();
                issuer = LocalIssuer.start(tokens.stateDirectory(), tokens.issuerPort(), clients, Clock.systemUTC());
                issuerUrl = issuer.issuer();
                userPoolId = LocalIssuer.USER_POOL_ID;
                audience = Set.copyOf(clients);
                jwks = issuer.jwksUri();
            }
            ApiHandler api = suite.api(userPoolId, environment);
            LocalGateway gateway = LocalGateway.start(GatewayRoutes.API,
                    new JwtAuthorizer(JwtAuthorizerSettings.of(issuerUrl, audience, jwks)),
                    event -> api.handleRequest(event, new FakeLambdaContext(LocalSuite.API, LocalSuite.API_TIMEOUT)),
                    gatewayPort);
            return new LocalApi(issuer, gateway, issuerUrl, audience);
        } catch (IOException | RuntimeException e) {
            if (issuer != null) {
                issuer.close();
            }
            throw e;
        }
    }

    URI gatewayUri() {
        return gateway.uri();
    }

    String issuerUrl() {
        return issuerUrl;
    }

    Set<String> audience() {
        return audience;
    }

    /** The CLI's own issuer, when tokens come from it. */
    Optional<LocalIssuer> localIssuer() {
        return Optional.ofNullable(issuer);
    }

    @Override
    public void close() {
        gateway.close();
        if (issuer != null) {
            issuer.close();
        }
    }
}
