package io.cognitosuite.tools.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.tools.gateway.AuthorizerDecision.Allowed;
import io.cognitosuite.tools.gateway.AuthorizerDecision.Refusal;
import io.cognitosuite.tools.gateway.AuthorizerDecision.Refused;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * HTTP API's JWT authorizer, step by step as API Gateway documents it: the token from the {@code Authorization}
 * header (the token alone, or prefixed with {@code Bearer}); an RSA signature verified against the issuer's JWKS by
 * the key the header's {@code kid} names (nimbus-jose-jwt, keys cached, an unknown {@code kid} refetches the set,
 * rate-limited); then {@code iss} exactly the issuer, {@code aud} — or {@code client_id} when there is no {@code aud}
 * — one of the audience, {@code exp} after now, {@code nbf} and {@code iat} before now (each within the clock skew);
 * then, on routes with scopes, at least one of them in {@code scope}. Any failure is 401; a missing scope is 403.
 *
 * <p>One check API Gateway does not make: {@code token_use} must be {@code access}. API Gateway lets a Cognito ID
 * token through when its {@code aud} is a configured client (and refuses it only on routes with scopes, for lack of
 * a scope); here it is a 401 on every route, which is what the API function itself decides anyway.
 *
 * <p>Fails closed: a token that cannot be parsed, a key set that cannot be fetched, a claim of the wrong type, all
 * refuse. Nothing of the token is logged or echoed; a refusal carries only a {@link Refusal} code.
 */
public final class JwtAuthorizer {
    /** "Currently, only RSA-based algorithms are supported." */
    static final Set<JWSAlgorithm> RSA = Set.copyOf(JWSAlgorithm.Family.RSA);
    private static final int HTTP_CONNECT_TIMEOUT_MS = 1_000;
    private static final int HTTP_READ_TIMEOUT_MS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 64 * 1024;
    private static final long KEY_FETCH_WAIT_MS = 3_000;

    private final JwtAuthorizerSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthorizer(JwtAuthorizerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUri().toURL(),
                            new DefaultResourceRetriever(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT_BYTES))
                    .cache(settings.keyCacheTimeToLive().toMillis(), KEY_FETCH_WAIT_MS)
                    .refreshAheadCache(false)
                    .rateLimited(settings.keyRefreshMinInterval().toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URI is not a URL", e);
        }
        processor = new DefaultJWTProcessor<>();
        // API Gateway does not look at the typ header (Cognito sets none; other issuers JWT or at+jwt)
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(RSA, keys));
        // The claims are checked below, against the injected clock and in API Gateway's order.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    public JwtAuthorizerSettings settings() {
        return settings;
    }

    /** The decision for a request to {@code route} with this {@code Authorization} header value (null if none). */
    public AuthorizerDecision authorize(String authorizationHeader, GatewayRoute route) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new Refused(Refusal.NO_TOKEN);
        }
        String token = tokenOf(authorizationHeader.strip());
        if (token == null) {
            return new Refused(Refusal.MALFORMED_HEADER);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return new Refused(Refusal.MALFORMED_TOKEN);
        }
        if (jwt instanceof PlainJWT) {
            return new Refused(Refusal.UNSUPPORTED_ALGORITHM);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return new Refused(Refusal.MALFORMED_TOKEN);
        }
        if (!RSA.contains(signed.getHeader().getAlgorithm())) {
            return new Refused(Refusal.UNSUPPORTED_ALGORITHM);
        }
        if (signed.getHeader().getKeyID() == null) {
            return new Refused(Refusal.NO_KEY_ID);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWSException e) {
            return new Refused(Refusal.INVALID_SIGNATURE);
        } catch (BadJWTException e) {
            return new Refused(Refusal.MALFORMED_TOKEN);
        } catch (RateLimitReachedException e) {
            return new Refused(Refusal.UNKNOWN_KEY);
        } catch (KeySourceException e) {
            return new Refused(Refusal.KEYS_UNAVAILABLE);
        } catch (BadJOSEException e) {
            return new Refused(Refusal.UNKNOWN_KEY);
        } catch (JOSEException e) {
            return new Refused(Refusal.INVALID_SIGNATURE);
        } catch (RuntimeException e) {
            // a header or key the library cannot handle: refused, like every token that cannot be verified
            return new Refused(Refusal.MALFORMED_TOKEN);
        }
        return decide(signed, claims, route);
    }

    private AuthorizerDecision decide(SignedJWT signed, JWTClaimsSet claims, GatewayRoute route) {
        try {
            Refusal refusal = firstFailedClaim(claims);
            if (refusal != null) {
                return new Refused(refusal);
            }
            List<String> tokenScopes = scopes(claims);
            if (!route.scopes().isEmpty() && route.scopes().stream().noneMatch(tokenScopes::contains)) {
                return new Refused(Refusal.INSUFFICIENT_SCOPE);
            }
            JsonNode payload = Json.parse(signed.getPayload().toString());
            return new Allowed(HttpApiClaims.render(payload), route.scopes().isEmpty() ? null : tokenScopes);
        } catch (ParseException | MalformedJsonException e) {
            // a registered claim of the wrong type (a string exp, a numeric iss): refused, not guessed at
            return new Refused(Refusal.MALFORMED_TOKEN);
        }
    }

    /** API Gateway's claim checks in its documented order, then ours ({@code token_use}); null when all pass. */
    private Refusal firstFailedClaim(JWTClaimsSet claims) throws ParseException {
        if (!settings.issuer().equals(claims.getStringClaim("iss"))) {
            return Refusal.WRONG_ISSUER;
        }
        List<String> aud = claims.getStringListClaim("aud");
        boolean audienceMatches = aud != null && !aud.isEmpty()
                ? aud.stream().anyMatch(settings.audience()::contains)
                : settings.audience().contains(claims.getStringClaim("client_id"));
        if (!audienceMatches) {
            return Refusal.WRONG_AUDIENCE;
        }
        Instant now = settings.clock().instant();
        Date exp = claims.getDateClaim("exp");
        if (exp == null || !now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
            return Refusal.EXPIRED;
        }
        Date nbf = claims.getDateClaim("nbf");
        if (nbf != null && now.plus(settings.clockSkew()).isBefore(nbf.toInstant())) {
            return Refusal.NOT_YET_VALID;
        }
        Date iat = claims.getDateClaim("iat");
        if (iat != null && now.plus(settings.clockSkew()).isBefore(iat.toInstant())) {
            return Refusal.ISSUED_IN_FUTURE;
        }
        if (!"access".equals(claims.getStringClaim("token_use"))) {
            return Refusal.NOT_AN_ACCESS_TOKEN;
        }
        return null;
    }

    /** The token's scopes: {@code scope} split on spaces (RFC 6749 3.3), or {@code scp} (a string or an array). */
    static List<String> scopes(JWTClaimsSet claims) throws ParseException {
        Object scope = claims.getClaim("scope") != null ? claims.getClaim("scope") : claims.getClaim("scp");
        List<String> scopes = new ArrayList<>();
        if (scope instanceof String text) {
            Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).distinct().forEach(scopes::add);
        } else if (scope instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).distinct().forEach(scopes::add);
        }
        return scopes;
    }

    /** The token of an identity source: {@code Bearer <token>} or the token alone; null if it is neither. */
    static String tokenOf(String header) {
        String token = header;
        if (header.length() >= 6 && header.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")) {
            token = header.substring(6);
            if (!token.isEmpty() && !Character.isWhitespace(token.charAt(0))) {
                token = header; // "Bearerxyz" is not the Bearer scheme: a token that will not parse
            }
            token = token.strip();
        }
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        return token;
    }
}
