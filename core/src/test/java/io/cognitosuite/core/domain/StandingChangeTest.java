package io.cognitosuite.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandingChangeTest {
    private static final AppUserStanding CURRENT = new AppUserStanding(UUID.randomUUID(), "user", "free");

    @Test
    void assignableValues_areTheDocumentedOnes_andEachIsStorableUnderV1sCheck() {
        assertThat(AssignableStandings.ROLES).containsExactlyInAnyOrder("user", "admin");
        assertThat(AssignableStandings.PLANS).containsExactlyInAnyOrder("free", "pro");
        assertThat(AssignableStandings.ROLES).contains(AppUserStanding.APP_ADMIN_ROLE, AssignableStandings.DEFAULT_ROLE);
        assertThat(AssignableStandings.PLANS).contains(AssignableStandings.DEFAULT_PLAN);
        AssignableStandings.ROLES.forEach(r -> assertThat(AssignableStandings.STORABLE.matcher(r).matches()).isTrue());
        AssignableStandings.PLANS.forEach(p -> assertThat(AssignableStandings.STORABLE.matcher(p).matches()).isTrue());
    }

    @Test
    void applyTo_keepsWhatWasNotRequested() {
        assertThat(new StandingChange("admin", null).applyTo(CURRENT))
                .isEqualTo(new AppUserStanding(CURRENT.appUserId(), "admin", "free"));
        assertThat(new StandingChange(null, "pro").applyTo(CURRENT))
                .isEqualTo(new AppUserStanding(CURRENT.appUserId(), "user", "pro"));
    }

    @Test
    void neitherRoleNorPlan_isRefused() {
        assertThatThrownBy(() -> new StandingChange(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "ADMIN", "superuser", "", " admin", "support"})
    void aRoleOutsideTheSet_isRefused_withoutQuotingIt(String role) {
        assertThatThrownBy(() -> new StandingChange(role, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role is not an assignable role");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pro", "enterprise", "", "free "})
    void aPlanOutsideTheSet_isRefused(String plan) {
        assertThatThrownBy(() -> new StandingChange(null, plan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plan is not an assignable plan");
    }
}
