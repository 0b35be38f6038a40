package io.cognitosuite.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProvisioningFailureTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void mergedWith_takesTheNewerReason_addsTheFailures_andSpansBothTimes_whicheverComesFirst() {
        ProvisioningFailure older = ProvisioningFailure.seen("p_1#s", "s", "m-1", FailureReason.DATABASE_UNAVAILABLE,
                "down", 1, T0);
        ProvisioningFailure newer = ProvisioningFailure.seen("p_1#s", "s", "m-2", FailureReason.DATABASE_REJECTED,
                "refused", 2, T0.plusSeconds(9));

        for (ProvisioningFailure merged : new ProvisioningFailure[] {older.mergedWith(newer), newer.mergedWith(older)}) {
            assertThat(merged.reason()).isEqualTo(FailureReason.DATABASE_REJECTED);
            assertThat(merged.detail()).isEqualTo("refused");
            assertThat(merged.messageId()).isEqualTo("m-2");
            assertThat(merged.receiveCount()).isEqualTo(2);
            assertThat(merged.failures()).isEqualTo(2);
            assertThat(merged.firstSeenAt()).isEqualTo(T0);
            assertThat(merged.lastSeenAt()).isEqualTo(T0.plusSeconds(9));
            assertThat(merged.resolved()).isFalse();
        }
    }

    @Test
    void mergedWith_refusesAnotherKey() {
        ProvisioningFailure a = ProvisioningFailure.seen(null, null, "m-1", FailureReason.INVALID_MESSAGE, "x", 1, T0);
        ProvisioningFailure b = ProvisioningFailure.seen(null, null, "m-2", FailureReason.INVALID_MESSAGE, "x", 1, T0);

        assertThatThrownBy(() -> a.mergedWith(b)).isInstanceOf(IllegalArgumentException.class);
    }
}
