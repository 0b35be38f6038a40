package io.cognitosuite.tools.gateway;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the JWT authorizer is configured with, as in template.yaml's {@code JwtConfiguration}: the issuer (compared
 * exactly with {@code iss}) and the audience (the app client ids), plus where the issuer's keys are and how they are
 * cached locally.
 *
 * @param issuer                  e.g. {@code https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E}
 * @param audience                the accepted {@code aud} (ID tokens) or {@code client_id} (access tokens) values
 * @param jwksUri                 the issuer's key set ({@link OidcDiscovery} finds it)
 * @param clockSkew               how far {@code exp}, {@code nbf} and {@code iat} may be off
 * @param keyCacheTimeToLive      how long a fetched key set is used before it is fetched again (API Gateway: up to 2 h)
 * @param keyRefreshMinInterval   a token with an unknown {@code kid} refetches the key set, at most twice per interval,
 *                                so a stream of forged kids cannot hammer the issuer
 * @param clock                   the time tokens are checked against
 */
public record JwtAuthorizerSettings(String issuer, Set<String> audience, URI jwksUri, Duration clockSkew,
                                    Duration keyCacheTimeToLive, Duration keyRefreshMinInterval, Clock clock) {
    /** Small, like the libraries' default (nimbus: 60 s): two machines' clocks, not a token's lifetime. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** API Gateway "can cache the public key for two hours". */
    public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofHours(2);
    /** nimbus-jose-jwt's default. */
    public static final Duration DEFAULT_KEY_REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);

    public JwtAuthorizerSettings {
        Objects.requireNonNull(issuer, "issuer");
        audience = Set.copyOf(audience);
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(clock, "clock");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is blank");
        }
        if (audience.isEmpty()) {
            // API Gateway requires an audience for a JWT authorizer; without one, every client would be accepted.
            throw new IllegalArgumentException("the JWT authorizer needs at least one audience (app client id)");
        }
        requirePositive(clockSkew, "clockSkew", true);
        requirePositive(keyCacheTimeToLive, "keyCacheTimeToLive", false);
        requirePositive(keyRefreshMinInterval, "keyRefreshMinInterval", false);
        if (keyCacheTimeToLive.compareTo(keyRefreshMinInterval) <= 0) {
            throw new IllegalArgumentException("keyCacheTimeToLive must be longer than keyRefreshMinInterval");
        }
    }

    /** The defaults for this issuer, audience and key set. */
    public static JwtAuthorizerSettings of(String issuer, Set<String> audience, URI jwksUri) {
        return new JwtAuthorizerSettings(issuer, audience, jwksUri, DEFAULT_CLOCK_SKEW, DEFAULT_KEY_CACHE_TTL,
                DEFAULT_KEY_REFRESH_MIN_INTERVAL, Clock.systemUTC());
    }

    private static void requirePositive(Duration value, String name, boolean zeroAllowed) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
    }
}
