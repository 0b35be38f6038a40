package io.cognitosuite.tools.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path directory;

    /** A clock a test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theFirstUse_createsOneActiveKey_readableByItsOwnerOnly_andASecondUseFindsTheSameKey() throws Exception {
        SigningKeys first = TestKeyPairs.signingKeys(directory);
        SigningKeys second = TestKeyPairs.signingKeys(directory);

        assertThat(second.active().getKeyID()).isEqualTo(first.active().getKeyID());
        assertThat(first.publicKeys().getKeys()).hasSize(1).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");
    }

    @Test
    void aRotation_publishesBothKeys_untilTheOldOnesTokensHaveExpired_thenOnlyTheNewOne() {
        MovableClock clock = new MovableClock();
        SigningKeys keys = SigningKeys.in(directory, clock, TestKeyPairs::next);
        String old = keys.active().getKeyID();

        RSAKey fresh = keys.rotate();

        assertThat(keys.active().getKeyID()).isEqualTo(fresh.getKeyID()).isNotEqualTo(old);
        assertThat(keys.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(fresh.getKeyID(), old);
        clock.now = clock.now.plus(SigningKeys.MAX_TOKEN_LIFETIME).minusSeconds(1);
        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(keys.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(fresh.getKeyID());
    }
}
