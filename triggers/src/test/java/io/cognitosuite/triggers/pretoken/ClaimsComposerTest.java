package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.domain.WorkspaceMembership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimsComposerTest {
    private static final UUID USER = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
    private final ClaimsComposer composer = new ClaimsComposer(2048, RoleScopes.parse("admin=api/admin api/read;user=api/read"));

    @Test
    void v2_putsUserRolePlanInBothTokens_andTheWorkspaceMapInTheAccessTokenOnly() {
        TokenClaims claims = composer.compose(user("admin", 2), TokenEventVersion.V2);

        assertThat(claims.idToken()).containsOnlyKeys("app_user_id", "app_role", "app_plan")
                .containsEntry("app_role", "admin").containsEntry("app_plan", "pro");
        assertThat(claims.accessToken()).containsEntry("app_user_id", USER.toString()).containsKey("app_workspaces")
                .doesNotContainKey("app_workspaces_truncated");
        @SuppressWarnings("unchecked")
        Map<String, String> workspaces = (Map<String, String>) claims.accessToken().get("app_workspaces");
        assertThat(workspaces).hasSize(2).containsValues("owner", "member");
        assertThat(claims.scopesToAdd()).containsExactly("api/admin", "api/read");
        assertThat(claims.scopesToSuppress()).isEmpty();
    }

    @Test
    void v2_suppressesEveryRoleScopeTheRoleDoesNotGrant() {
        TokenClaims claims = composer.compose(user("user", 1), TokenEventVersion.V2);

        assertThat(claims.scopesToAdd()).containsExactly("api/read");
        assertThat(claims.scopesToSuppress()).containsExactly("api/admin");
    }

    @Test
    void roleWithoutAnEntry_getsEveryRoleScopeSuppressed() {
        TokenClaims claims = composer.compose(user("support", 1), TokenEventVersion.V3);

        assertThat(claims.scopesToAdd()).isEmpty();
        assertThat(claims.scopesToSuppress()).containsExactly("api/admin", "api/read");
    }

    @Test
    void aScopeTwoRolesShare_isAddedForEither_andNeverBothAddedAndSuppressed() {
        ClaimsComposer shared = new ClaimsComposer(2048, RoleScopes.parse("admin=api/admin api/read;user=api/read api/profile"));

        TokenClaims admin = shared.compose(user("admin", 1), TokenEventVersion.V2);

        assertThat(admin.scopesToAdd()).containsExactly("api/admin", "api/read");
        assertThat(admin.scopesToSuppress()).containsExactly("api/profile");
    }

    @Test
    void v1_usesOnlyStringsInTheIdToken_withACompactWorkspaceList() {
        TokenClaims claims = composer.compose(user("user", 2), TokenEventVersion.V1);

        assertThat(claims.idToken().values()).allMatch(v -> v instanceof String);
        assertThat((String) claims.idToken().get("app_workspaces"))
                .matches("[0-9a-f-]{36}:owner [0-9a-f-]{36}:member");
        assertThat(claims.accessToken()).isEmpty();
        assertThat(claims.scopesToAdd()).isEmpty();
        assertThat(claims.scopesToSuppress()).isEmpty();
    }

    @Test
    void roleWithoutScopes_addsNone() {
        assertThat(composer.compose(user("support", 1), TokenEventVersion.V3).scopesToAdd()).isEmpty();
    }

    @Test
    void hundredsOfWorkspaces_areCutDeterministically_toTheBudget_andFlagged() {
        UserAuthorization big = user("user", 400);

        TokenClaims first = composer.compose(big, TokenEventVersion.V2);
        TokenClaims second = composer.compose(big, TokenEventVersion.V2);

        assertThat(ClaimsComposer.sizeOf(first.accessToken())).isLessThanOrEqualTo(2048);
        assertThat(first.accessToken()).containsEntry("app_workspaces_truncated", true);
        assertThat(first).isEqualTo(second);
        @SuppressWarnings("unchecked")
        Map<String, String> workspaces = (Map<String, String>) first.accessToken().get("app_workspaces");
        assertThat(workspaces).hasSizeGreaterThan(30).hasSizeLessThan(400);
        // The first memberships in the given order are the ones kept.
        assertThat(workspaces.keySet()).containsExactlyElementsOf(
                big.memberships().subList(0, workspaces.size()).stream().map(m -> m.workspaceId().toString()).toList());
    }

    @Test
    void v1_truncation_staysWithinTheBudgetToo() {
        TokenClaims claims = composer.compose(user("user", 400), TokenEventVersion.V1);

        assertThat(ClaimsComposer.sizeOf(claims.idToken())).isLessThanOrEqualTo(2048);
        assertThat(claims.idToken()).containsEntry("app_workspaces_truncated", "true");
    }

    @Test
    void membershipsCutInTheDatabase_areFlaggedEvenWhenTheyWouldFit() {
        UserAuthorization partial = new UserAuthorization(USER, "user", "free", user("user", 3).memberships(), 10);

        assertThat(composer.compose(partial, TokenEventVersion.V2).accessToken())
                .containsEntry("app_workspaces_truncated", true);
    }

    @Test
    void membershipsToRead_isBoundedByTheBudget() {
        assertThat(composer.membershipsToRead()).isBetween(40, 50);
        assertThat(new ClaimsComposer(512, RoleScopes.none()).membershipsToRead()).isBetween(10, 13);
    }

    @Test
    void unavailable_grantsNothing() {
        TokenClaims v2 = composer.unavailable(TokenEventVersion.V2);
        TokenClaims v1 = composer.unavailable(TokenEventVersion.V1);

        assertThat(v2.idToken()).containsOnly(Map.entry("app_claims_unavailable", true));
        assertThat(v2.accessToken()).containsOnly(Map.entry("app_claims_unavailable", true));
        assertThat(v2.scopesToAdd()).isEmpty();
        assertThat(v2.scopesToSuppress()).containsExactly("api/admin", "api/read");
        assertThat(v1.scopesToSuppress()).as("a V1 event has no access token").isEmpty();
        assertThat(v1.idToken()).containsOnly(Map.entry("app_claims_unavailable", "true"));
    }

    static UserAuthorization user(String role, int workspaces) {
        List<WorkspaceMembership> memberships = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            memberships.add(new WorkspaceMembership(UUID.fromString(String.format("00000000-0000-4000-8000-%012d", i)),
                    i == 0 ? "owner" : "member", i == 0));
        }
        return new UserAuthorization(USER, role, "pro", memberships, workspaces);
    }
}
