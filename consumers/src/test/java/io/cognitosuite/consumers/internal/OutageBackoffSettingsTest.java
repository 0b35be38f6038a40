package io.cognitosuite.consumers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutageBackoffSettingsTest {
    @Test
    void noVariables_giveTheDefaultSchedule() {
        assertThat(OutageBackoffSettings.fromEnvironment(Map.of())).isEqualTo(OutageBackoff.DEFAULT);
    }

    @Test
    void variables_setTheSchedule() {
        assertThat(OutageBackoffSettings.fromEnvironment(Map.of(OutageBackoffSettings.FIRST_SECONDS, "60",
                OutageBackoffSettings.MULTIPLIER, "2", OutageBackoffSettings.MAX_SECONDS, "3600")))
                .isEqualTo(new OutageBackoff(Duration.ofSeconds(60), 2, Duration.ofHours(1)));
    }

    @Test
    void badValues_failAtStart_namingEachVariable() {
        assertThatThrownBy(() -> OutageBackoffSettings.fromEnvironment(Map.of(OutageBackoffSettings.FIRST_SECONDS, "0",
                OutageBackoffSettings.MULTIPLIER, "x", OutageBackoffSettings.MAX_SECONDS, "43200")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("OUTAGE_BACKOFF_FIRST_SECONDS must be between 1 and 42300 but is 0")
                .hasMessageContaining("OUTAGE_BACKOFF_MULTIPLIER must be a whole number")
                .hasMessageContaining("OUTAGE_BACKOFF_MAX_SECONDS must be between 1 and 42300 but is 43200");
        assertThatThrownBy(() -> OutageBackoffSettings.fromEnvironment(Map.of(OutageBackoffSettings.FIRST_SECONDS, "900",
                OutageBackoffSettings.MAX_SECONDS, "600")))
                .hasMessageContaining("OUTAGE_BACKOFF_FIRST_SECONDS must be at most OUTAGE_BACKOFF_MAX_SECONDS (600) but is 900");
    }
}
