package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @Test
    void deadlineWithin_isTheBudget_whenLambdaHasMoreTime() {
        Invocation invocation = new Invocation("f", "r", T0, T0.plusSeconds(5));

        assertThat(invocation.deadlineWithin(Duration.ofSeconds(2), CLOCK).instant()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void deadlineWithin_leavesTheSafetyMargin_whenLambdaHasLessTime() {
        Invocation invocation = new Invocation("f", "r", T0, T0.plusMillis(1200));

        // Reserves.TRIGGER_ANSWER (300 ms) before Lambda's deadline.
        assertThat(invocation.deadlineWithin(Duration.ofSeconds(2), CLOCK).instant()).isEqualTo(T0.plusMillis(900));
    }
}
