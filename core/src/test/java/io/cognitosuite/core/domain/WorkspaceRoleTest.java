package io.cognitosuite.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceRoleTest {

    @Test
    void rolesAreOrdered_viewerBelowMemberBelowAdminBelowOwner() {
        assertThat(WorkspaceRole.OWNER.atLeast(WorkspaceRole.ADMIN)).isTrue();
        assertThat(WorkspaceRole.ADMIN.atLeast(WorkspaceRole.MEMBER)).isTrue();
        assertThat(WorkspaceRole.MEMBER.atLeast(WorkspaceRole.VIEWER)).isTrue();
        assertThat(WorkspaceRole.VIEWER.atLeast(WorkspaceRole.MEMBER)).isFalse();
        assertThat(WorkspaceRole.MEMBER.atLeast(WorkspaceRole.ADMIN)).isFalse();
        assertThat(WorkspaceRole.ADMIN.atLeast(WorkspaceRole.OWNER)).isFalse();
        for (WorkspaceRole role : WorkspaceRole.values()) {
            assertThat(role.atLeast(role)).isTrue();
            assertThat(WorkspaceRole.OWNER.atLeast(role)).isTrue();
            assertThat(role.atLeast(WorkspaceRole.VIEWER)).isTrue();
        }
    }

    @Test
    void fromStoredName_readsExactlyTheFourNamesOfTheCheckConstraint() {
        for (WorkspaceRole role : WorkspaceRole.values()) {
            assertThat(WorkspaceRole.fromStoredName(role.storedName())).contains(role);
        }
        assertThat(WorkspaceRole.fromStoredName("OWNER")).isEmpty();
        assertThat(WorkspaceRole.fromStoredName(" owner")).isEmpty();
        assertThat(WorkspaceRole.fromStoredName("superuser")).isEmpty();
        assertThat(WorkspaceRole.fromStoredName(null)).isEmpty();
    }

    @Test
    void appAdmin_isExactlyTheStoredRoleAdmin() {
        assertThat(new AppUserStanding(java.util.UUID.randomUUID(), "admin", "free").appAdmin()).isTrue();
        assertThat(new AppUserStanding(java.util.UUID.randomUUID(), "user", "free").appAdmin()).isFalse();
        assertThat(new AppUserStanding(java.util.UUID.randomUUID(), "Admin", "free").appAdmin()).isFalse();
    }
}
