package io.cognitosuite.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MovableClock clock = new MovableClock(T0);

    @Test
    void left_isTheTimeUntilTheDeadline_asTheClockMoves() {
        Deadline deadline = Deadline.at(T0.plusSeconds(2), clock);

        clock.advance(Duration.ofMillis(500));

        assertThat(deadline.left()).isEqualTo(Duration.ofMillis(1500));
        assertThat(deadline.isOver()).isFalse();
        assertThat(deadline.hasLeft(Duration.ofMillis(1500))).isTrue();
        assertThat(deadline.hasLeft(Duration.ofMillis(1501))).isFalse();
    }

    @Test
    void left_isZero_neverNegative_onceTheDeadlineHasPassed() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), clock);

        clock.advance(Duration.ofSeconds(3));

        assertThat(deadline.left()).isEqualTo(Duration.ZERO);
        assertThat(deadline.isOver()).isTrue();
    }

    @Test
    void isOver_atTheDeadlineItself() {
        Deadline deadline = Deadline.at(T0, clock);

        assertThat(deadline.isOver()).isTrue();
        assertThat(deadline.left()).isEqualTo(Duration.ZERO);
    }

    @Test
    void within_isTheBudget_whenTheInvocationHasMoreTime() {
        Deadline invocation = Deadline.at(T0.plusSeconds(5), clock).minus(Reserves.TRIGGER_ANSWER);

        Deadline deadline = Deadline.within(invocation, Duration.ofSeconds(2));

        assertThat(deadline.instant()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void within_isTheInvocationsDeadline_whenItHasLessTimeThanTheBudget() {
        Deadline invocation = Deadline.at(T0.plusMillis(1200), clock).minus(Duration.ofMillis(300));

        Deadline deadline = Deadline.within(invocation, Duration.ofSeconds(2));

        assertThat(deadline.instant()).isEqualTo(T0.plusMillis(900));
    }

    @Test
    void within_countsTheBudgetFromNow() {
        Deadline invocation = Deadline.at(T0.plusSeconds(60), clock);
        clock.advance(Duration.ofSeconds(10));

        assertThat(Deadline.within(invocation, Duration.ofSeconds(2)).instant()).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void minus_returnsANewDeadline_andLeavesTheOriginalAsItWas() {
        Deadline deadline = Deadline.at(T0.plusSeconds(10), clock);

        Deadline earlier = deadline.minus(Duration.ofMillis(1500));

        assertThat(earlier.instant()).isEqualTo(T0.plusMillis(8500));
        assertThat(deadline.instant()).isEqualTo(T0.plusSeconds(10));
        assertThat(earlier.left()).isEqualTo(Duration.ofMillis(8500));
    }

    @Test
    void minus_refusesANegativeReserve() {
        Deadline deadline = Deadline.at(T0, clock);

        assertThatThrownBy(() -> deadline.minus(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }

    @Test
    void none_isNeverOver_staysNoneAfterAReserve_andGivesWayToABudget() {
        Deadline none = Deadline.none(clock);
        clock.advance(Duration.ofDays(365));

        assertThat(none.isOver()).isFalse();
        assertThat(none.isBounded()).isFalse();
        assertThat(none.minus(Duration.ofSeconds(1))).isEqualTo(none);
        assertThat(none.minus(Duration.ofSeconds(1)).isBounded()).isFalse();
        assertThat(Deadline.within(none, Duration.ofSeconds(2)).instant()).isEqualTo(clock.instant().plusSeconds(2));
    }

    @Test
    void deadlinesAtTheSameInstant_areEqual() {
        assertThat(Deadline.at(T0, clock)).isEqualTo(Deadline.at(T0, Clock.systemUTC()))
                .hasSameHashCodeAs(Deadline.at(T0, Clock.systemUTC()))
                .isNotEqualTo(Deadline.at(T0.plusMillis(1), clock));
        assertThat(Deadline.at(T0, clock)).hasToString("Deadline[2026-11-26T10:00:00Z]");
        assertThat(Deadline.none(clock)).hasToString("Deadline[none]");
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void left_ofNone_isCappedAtMaxLeft_soThatMillisAndNanosDoNotOverflow() {
        Deadline none = Deadline.none(Clock.systemUTC());

        assertThat(none.left()).isEqualTo(Deadline.MAX_LEFT);
        assertThat(none.left().toMillis()).isPositive();
        assertThat(none.left().toNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
