package io.cognitosuite.tools.support.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.tools.support.UsageException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceOptionTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "7d, 2026-11-24T12:00:00Z",
            "12h, 2026-12-01T00:00:00Z",
            "30m, 2026-12-01T11:30:00Z",
            "P2D, 2026-11-29T12:00:00Z",
            "PT1H, 2026-12-01T11:00:00Z",
            "2026-11-24, 2026-11-24T00:00:00Z",
            "2026-11-24T10:00:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00+02:00, 2026-11-24T08:00:00Z"})
    void since_acceptsADurationADateOrAnInstant(String value, String expected) {
        assertThat(SinceOption.parse(value, NOW)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void since_absent_isNoLimit() {
        assertThat(SinceOption.parse(null, NOW)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}.")
    @ValueSource(strings = {"last tuesday", "7 days", "-7d", "2026-13-01", "", "7w"})
    void since_thatIsNoneOfThem_isAUsageError_withoutEchoingIt(String value) {
        assertThatThrownBy(() -> SinceOption.parse(value, NOW)).isInstanceOf(UsageException.class)
                .hasMessage("--since must be a date, an instant or a duration");
    }

    @Test
    void since_inTheFuture_isAUsageError() {
        assertThatThrownBy(() -> SinceOption.parse("2027-01-01", NOW)).isInstanceOf(UsageException.class)
                .hasMessageContaining("in the future");
    }
}
