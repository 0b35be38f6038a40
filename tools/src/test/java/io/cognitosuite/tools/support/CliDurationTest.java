package io.cognitosuite.tools.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reading of a duration option, shared by {@code --ttl}, {@code --older-than} and {@code --since}. */
class CliDurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"90s, PT1M30S", "30m, PT30M", "2H, PT2H", " 3d , P3D", "PT1H30M, PT1H30M", "p1d, P1D", "0s, PT0S"})
    void shortFormsAndIso_areRead(String text, String expected) {
        assertThat(CliDuration.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "7", "7w", "7 d", "-7d", "soon", "2026-11-24", "1234567890d", "PT"})
    void anythingElse_isEmpty(String text) {
        assertThat(CliDuration.parse(text)).isEmpty();
    }
}
