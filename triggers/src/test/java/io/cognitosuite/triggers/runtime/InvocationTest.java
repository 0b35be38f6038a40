package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void deadlineWithin_isTheBudget_whenLambdaHasMoreTime() {
        Invocation invocation = new Invocation("f", "r", T0, T0.plusSeconds(5));

        assertThat(invocation.deadlineWithin(Duration.ofSeconds(2), Duration.ofMillis(300))).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void deadlineWithin_leavesTheSafetyMargin_whenLambdaHasLessTime() {
        Invocation invocation = new Invocation("f", "r", T0, T0.plusMillis(1200));

        assertThat(invocation.deadlineWithin(Duration.ofSeconds(2), Duration.ofMillis(300))).isEqualTo(T0.plusMillis(900));
    }
}
