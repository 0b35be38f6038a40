package io.cognitosuite.tools.support.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.aws.sqs.DeadLetter;
import io.cognitosuite.tools.support.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedriveFilterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void durations_readShortFormsAndIso_andRefuseOthersWithoutQuotingThem() {
        assertThat(RedriveFilter.duration("90s", "--older-than")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RedriveFilter.duration("30m", "--older-than")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RedriveFilter.duration("2H", "--older-than")).isEqualTo(Duration.ofHours(2));
        assertThat(RedriveFilter.duration("3d", "--older-than")).isEqualTo(Duration.ofDays(3));
        assertThat(RedriveFilter.duration("PT1H30M", "--older-than")).isEqualTo(Duration.ofMinutes(90));
        assertThat(RedriveFilter.duration(null, "--older-than")).isNull();
        assertThatThrownBy(() -> RedriveFilter.duration("<script>", "--older-than")).isInstanceOf(UsageException.class)
                .hasMessage("--older-than must be a duration");
    }

    @Test
    void everyGivenCondition_mustHold() {
        InspectedMessage m = message("sub-1", "user.confirmed", "database_unavailable", NOW.minus(Duration.ofHours(3)));

        assertThat(new RedriveFilter(null, null, null, null).matches(m, NOW)).isTrue();
        assertThat(new RedriveFilter("sub-1", "user.confirmed", "database_unavailable", Duration.ofHours(2))
                .matches(m, NOW)).isTrue();
        assertThat(new RedriveFilter("sub-2", null, null, null).matches(m, NOW)).isFalse();
        assertThat(new RedriveFilter(null, "other", null, null).matches(m, NOW)).isFalse();
        assertThat(new RedriveFilter(null, null, "invalid_message", null).matches(m, NOW)).isFalse();
        assertThat(new RedriveFilter(null, null, null, Duration.ofHours(4)).matches(m, NOW)).isFalse();
        assertThat(new RedriveFilter("sub-1", null, "unknown", null).arguments())
                .containsExactly(Map.entry("sub", "sub-1"), Map.entry("reason", "unknown"));
    }

    @Test
    void anUnknownReasonCode_isAUsageError() {
        assertThatThrownBy(() -> new RedriveFilter(null, null, "database_down", null)).isInstanceOf(UsageException.class)
                .hasMessage("--reason must be a recorded reason code");
    }

    @Test
    void ages_readAsSupportSaysThem() {
        assertThat(DlqCommand.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(DlqCommand.age(Duration.ofSeconds(125))).isEqualTo("2m 5s");
        assertThat(DlqCommand.age(Duration.ofMinutes(185))).isEqualTo("3h 5m");
        assertThat(DlqCommand.age(Duration.ofHours(50))).isEqualTo("2d 2h");
    }

    private static InspectedMessage message(String sub, String type, String reason, Instant sentAt) {
        return new InspectedMessage(new DeadLetter("m-1", "{}", Map.of("type", type), sentAt, null, 1), type, sub,
                null, null, null, reason, "advice");
    }
}
