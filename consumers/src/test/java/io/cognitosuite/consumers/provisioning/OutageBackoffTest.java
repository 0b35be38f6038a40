package io.cognitosuite.consumers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutageBackoffTest {
    @Test
    void defaultSchedule_growsFourfoldFromFiveMinutes_andStopsAtSixHours() {
        assertThat(IntStream.rangeClosed(1, 6).mapToObj(OutageBackoff.DEFAULT::delayAfter))
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(20), Duration.ofMinutes(80),
                        Duration.ofMinutes(320), Duration.ofHours(6), Duration.ofHours(6));
    }

    @Test
    void aReceiveCountBelowOne_countsAsTheFirst_andAHugeOneStaysAtTheCap() {
        assertThat(OutageBackoff.DEFAULT.delayAfter(0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(OutageBackoff.DEFAULT.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void schedule_isRefused_whenItCouldNotBeSetOrNeverGrows() {
        assertThatThrownBy(() -> new OutageBackoff(Duration.ofSeconds(10), 2, OutageBackoff.LONGEST.plusSeconds(1)))
                .hasMessageContaining("at most 42300 s");
        assertThatThrownBy(() -> new OutageBackoff(Duration.ofSeconds(700), 2, Duration.ofSeconds(600)))
                .hasMessageContaining("first delay");
        assertThatThrownBy(() -> new OutageBackoff(Duration.ofSeconds(10), 0, Duration.ofSeconds(600)))
                .hasMessageContaining("multiplier");
    }
}
