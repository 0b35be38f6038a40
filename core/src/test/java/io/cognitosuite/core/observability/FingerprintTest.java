package io.cognitosuite.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void of_isAShortStableHashAndTheLength_neverTheValue() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJl";

        String fingerprint = Fingerprint.of(jwt);

        assertThat(fingerprint).matches("sha256:[0-9a-f]{12} \\(" + jwt.length() + " chars\\)");
        assertThat(fingerprint).doesNotContain("eyJ");
        assertThat(Fingerprint.of(jwt)).as("stable, to correlate lines").isEqualTo(fingerprint);
        assertThat(Fingerprint.of(jwt + "x")).isNotEqualTo(fingerprint);
    }

    @Test
    void of_nothing_saysSo() {
        assertThat(Fingerprint.of(null)).isEqualTo("<none>");
    }
}
