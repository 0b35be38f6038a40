package io.cognitosuite.tools.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Tokens shaped like a Cognito user pool's, signed RS256 with a {@code kid} (no {@code typ}, as Cognito's). The
 * access token: {@code sub}, {@code iss}, {@code client_id}, {@code origin_jti}, {@code event_id},
 * {@code token_use} {@code access}, {@code scope}, {@code auth_time}, {@code exp}, {@code iat}, {@code jti},
 * {@code username}, {@code version} 2, and {@code cognito:groups} (a JSON array) when there are groups. The ID token
 * (for tests: the gateway refuses it): {@code aud} the client, {@code token_use} {@code id},
 * {@code cognito:username}, no scope.
 */
public final class CognitoTokens {
    private CognitoTokens() {
    }

    public static String access(String issuer, RSAKey key, TokenRequest request, Clock clock) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        JWTClaimsSet.Builder claims = common(issuer, request, now)
                .claim("client_id", request.clientId())
                .claim("token_use", "access")
                .claim("scope", request.scopes().isEmpty() ? TokenRequest.SIGN_IN_SCOPE : String.join(" ", request.scopes()))
                .claim("username", request.username())
                .claim("version", 2);
        return sign(key, claims.build());
    }

    public static String id(String issuer, RSAKey key, TokenRequest request, Clock clock) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        JWTClaimsSet.Builder claims = common(issuer, request, now)
                .audience(request.clientId())
                .claim("token_use", "id")
                .claim("cognito:username", request.username());
        return sign(key, claims.build());
    }

    private static JWTClaimsSet.Builder common(String issuer, TokenRequest request, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(request.sub())
                .issuer(issuer)
                .claim("origin_jti", UUID.randomUUID().toString())
                .claim("event_id", UUID.randomUUID().toString())
                .claim("auth_time", now.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.lifetime())))
                .jwtID(UUID.randomUUID().toString());
        if (!request.groups().isEmpty()) {
            claims.claim("cognito:groups", List.copyOf(request.groups()));
        }
        return claims;
    }

    /** Signs {@code claims} with {@code key} (RS256, its kid). */
    static String sign(RSAKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the local issuer's key", e);
        }
        return jwt.serialize();
    }
}
