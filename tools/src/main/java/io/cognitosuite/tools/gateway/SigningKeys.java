package io.cognitosuite.tools.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The local issuer's RSA signing keys, kept in one file ({@code <state>/issuer/signing-keys.json}, a JWK set with the
 * private parts, readable by its owner only) so that every process signs and verifies with the same keys: the running
 * {@code local} serves their public halves as its JWKS, {@code cognito-suite token} in another shell signs with the
 * active one. The file outlives the stack, so tokens minted before a restart stay verifiable.
 *
 * <p>The <b>active</b> key is the newest without an expiry. {@link #rotate} makes a new active key (a new
 * {@code kid}) and gives the previous one an expiry ({@code exp} of the JWK) of now plus the longest token lifetime:
 * it stays in the JWKS until every token it signed has expired, then it is dropped. Readers load the file on every
 * use (it is small), so a rotation by another process is seen at once; writers hold a file lock.
 */
public final class SigningKeys {
    /** Cognito's longest access token validity: a retired key stays in the JWKS this long. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(1);
    static final String FILE_NAME = "signing-keys.json";
    private static final int KEY_SIZE = 2048;

    private final Path file;
    private final Clock clock;
    private final Supplier<RSAKey> keyPairs;

    private SigningKeys(Path file, Clock clock, Supplier<RSAKey> keyPairs) {
        this.file = file;
        this.clock = clock;
        this.keyPairs = keyPairs;
    }

    /** The keys in {@code directory}, created (with one active key) if there are none yet. */
    public static SigningKeys in(Path directory, Clock clock) {
        return in(directory, clock, SigningKeys::generateKeyPair);
    }

    /**
     * As {@link #in(Path, Clock)}, with new key pairs from {@code keyPairs} (tests hand out pre-made ones: generating
     * a 2048-bit pair takes seconds in a test JVM that only runs the client compiler).
     */
    static SigningKeys in(Path directory, Clock clock, Supplier<RSAKey> keyPairs) {
        SigningKeys keys = new SigningKeys(directory.resolve(FILE_NAME), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(keyPairs, "keyPairs"));
        keys.locked(() -> {
            if (!Files.exists(keys.file)) {
                keys.write(new JWKSet(keys.newKey()));
            }
            return null;
        });
        return keys;
    }

    /** The key new tokens are signed with. */
    public RSAKey active() {
        return current().getKeys().stream().map(RSAKey.class::cast)
                .filter(k -> k.getExpirationTime() == null)
                .max(Comparator.comparing(k -> k.getIssueTime() == null ? new Date(0) : k.getIssueTime()))
                .orElseThrow(() -> new IllegalStateException(file + " holds no active signing key"));
    }

    /** The public keys verifiers may use: the active one and those retired less than a token lifetime ago. */
    public JWKSet publicKeys() {
        return current().toPublicJWKSet();
    }

    /** A new active key; the previous ones stay published until the tokens they signed have expired. */
    public RSAKey rotate() {
        return locked(() -> {
            Instant now = clock.instant();
            List<JWK> keys = new ArrayList<>();
            for (JWK key : current().getKeys()) {
                RSAKey rsa = (RSAKey) key;
                keys.add(rsa.getExpirationTime() != null ? rsa
                        : new RSAKey.Builder(rsa).expirationTime(Date.from(now.plus(MAX_TOKEN_LIFETIME))).build());
            }
            RSAKey fresh = newKey();
            keys.add(0, fresh);
            write(new JWKSet(keys));
            return fresh;
        });
    }

    public Path file() {
        return file;
    }

    /** The file's keys without the expired ones. */
    private JWKSet current() {
        JWKSet all;
        try {
            all = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local issuer's keys in " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set: delete it to start with a new key", e);
        }
        Date now = Date.from(clock.instant());
        return new JWKSet(all.getKeys().stream()
                .filter(k -> k instanceof RSAKey rsa && rsa.isPrivate())
                .filter(k -> k.getExpirationTime() == null || k.getExpirationTime().after(now))
                .toList());
    }

    /** A key pair from {@link #keyPairs} with a new kid, its use, algorithm and issue time. */
    private RSAKey newKey() {
        return new RSAKey.Builder(keyPairs.get()).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).issueTime(Date.from(clock.instant())).expirationTime(null).build();
    }

    private static RSAKey generateKeyPair() {
        try {
            return new RSAKeyGenerator(KEY_SIZE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a key set. */
    private void write(JWKSet keys) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, keys.toString(false), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local issuer's keys to " + file, e);
        }
    }

    /** Other processes wait on the file lock; threads of this one on the class (a JVM holds a file lock once). */
    private <T> T locked(java.util.function.Supplier<T> action) {
        synchronized (SigningKeys.class) {
            return lockedFile(action);
        }
    }

    private <T> T lockedFile(java.util.function.Supplier<T> action) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(FILE_NAME + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return action.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the local issuer's keys in " + file.getParent(), e);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
