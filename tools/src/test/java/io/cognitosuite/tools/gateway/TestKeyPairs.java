package io.cognitosuite.tools.gateway;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pre-made 2048-bit RSA key pairs for tests ({@code gateway/test-rsa-keys.json}, test data only, never used outside
 * tests), handed out in turn: generating one takes seconds in the test JVM (client compiler only). Each key handed
 * out gets a new kid.
 */
final class TestKeyPairs {
    private static final List<RSAKey> KEYS = load();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestKeyPairs() {
    }

    static RSAKey next() {
        RSAKey key = KEYS.get(Math.floorMod(NEXT.getAndIncrement(), KEYS.size()));
        return new RSAKey.Builder(key).keyID("test-" + UUID.randomUUID()).build();
    }

    static RSAKey next(String kid) {
        return new RSAKey.Builder(next()).keyID(kid).build();
    }

    /** Signing keys in {@code directory} made of the pre-made pairs. */
    static SigningKeys signingKeys(Path directory) {
        return SigningKeys.in(directory, Clock.systemUTC(), TestKeyPairs::next);
    }

    /** A local issuer under {@code stateDirectory} with pre-made key pairs. */
    static LocalIssuer issuer(Path stateDirectory, List<String> clientIds) throws IOException {
        Path directory = stateDirectory.resolve(LocalIssuer.DIRECTORY);
        return LocalIssuer.start(directory, 0, clientIds, Clock.systemUTC(), signingKeys(directory));
    }

    private static List<RSAKey> load() {
        try (InputStream in = TestKeyPairs.class.getResourceAsStream("/gateway/test-rsa-keys.json")) {
            return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getKeys().stream()
                    .map(RSAKey.class::cast).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
