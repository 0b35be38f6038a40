package io.cognitosuite.triggers.pretoken;

import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.domain.WorkspaceMembership;
import io.cognitosuite.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the database's facts into claims, within the claim-size budget: user id, role and plan in
 * the ID token (all versions) and the access token (V2/V3); the workspace → role map in the access
 * token (V2/V3) or as a compact string in the V1 ID token; the role's scopes added to the V2/V3 access
 * token and every other {@code ROLE_SCOPES} scope suppressed. Memberships come ordered (by role, owner
 * first, then by workspace id) and are taken in that order while the token's added claims stay within the
 * budget; when some are left out the token says so with {@link ClaimNames#WORKSPACES_TRUNCATED}.
 */
public final class ClaimsComposer {
    /** Room kept for the truncation flag itself. */
    private static final int TRUNCATION_FLAG_BYTES = ("\"" + ClaimNames.WORKSPACES_TRUNCATED + "\":true,").length() + 2;
    /**
     * The smallest membership entry: {@code <36-char uuid>:owner} plus a space in the V1 string (42 bytes);
     * a V2 JSON entry is larger. Used to bound the rows fetched so that a cut list is always seen.
     */
    private static final int MIN_ENTRY_BYTES = 42;

    private final int budgetBytes;
    private final RoleScopes roleScopes;

    public ClaimsComposer(int budgetBytes, RoleScopes roleScopes) {
        if (budgetBytes < 256) {
            throw new IllegalArgumentException("claim budget must be at least 256 bytes but is " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.roleScopes = Objects.requireNonNull(roleScopes, "roleScopes");
    }

    /** How many memberships are worth reading: more than can ever fit, so a cut list is always flagged. */
    public int membershipsToRead() {
        return budgetBytes / MIN_ENTRY_BYTES + 1;
    }

    public TokenClaims compose(UserAuthorization user, TokenEventVersion version) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put(ClaimNames.USER_ID, user.appUserId().toString());
        base.put(ClaimNames.ROLE, user.role());
        base.put(ClaimNames.PLAN, user.plan());
        if (version == TokenEventVersion.V1) {
            Map<String, Object> id = new LinkedHashMap<>(base);
            addCompactWorkspaces(id, user);
            return new TokenClaims(id, Map.of(), List.of());
        }
        Map<String, Object> access = new LinkedHashMap<>(base);
        addWorkspaceMap(access, user);
        return new TokenClaims(base, access, roleScopes.scopesFor(user.role()), roleScopes.scopesToSuppressFor(user.role()));
    }

    /**
     * The claims for a token issued while the database could not be asked (policy {@code omit}): nothing
     * is granted, so every scope {@code ROLE_SCOPES} names is suppressed (fails closed: the role is unknown).
     */
    public TokenClaims unavailable(TokenEventVersion version) {
        if (version == TokenEventVersion.V1) {
            return new TokenClaims(Map.of(ClaimNames.CLAIMS_UNAVAILABLE, "true"), Map.of(), List.of());
        }
        return new TokenClaims(Map.of(ClaimNames.CLAIMS_UNAVAILABLE, true), Map.of(ClaimNames.CLAIMS_UNAVAILABLE, true),
                List.of(), roleScopes.allScopes());
    }

    /**
     * A machine (client credentials) token: no user, so no claims, and no role scopes added or suppressed
     * (a machine client's scopes are what its app client allows; {@code ROLE_SCOPES} is about users).
     */
    public TokenClaims machine() {
        return new TokenClaims(Map.of(), Map.of(), List.of(), List.of());
    }

    /** The size of added claims as Cognito receives them (UTF-8 JSON). */
    static int sizeOf(Map<String, Object> claims) {
        return Json.write(claims).getBytes(StandardCharsets.UTF_8).length;
    }

    private void addWorkspaceMap(Map<String, Object> claims, UserAuthorization user) {
        int available = budgetBytes - sizeOf(claims) - ("\"" + ClaimNames.WORKSPACES + "\":{},").length() - TRUNCATION_FLAG_BYTES;
        Map<String, String> workspaces = new LinkedHashMap<>();
        int used = 0;
        for (WorkspaceMembership m : user.memberships()) {
            int entry = Json.write(m.workspaceId().toString()).length() + 1 + Json.write(m.role()).length() + 1;
            if (used + entry > available) {
                break;
            }
            workspaces.put(m.workspaceId().toString(), m.role());
            used += entry;
        }
        claims.put(ClaimNames.WORKSPACES, workspaces);
        if (workspaces.size() < user.membershipCount()) {
            claims.put(ClaimNames.WORKSPACES_TRUNCATED, true);
        }
    }

    private void addCompactWorkspaces(Map<String, Object> claims, UserAuthorization user) {
        int available = budgetBytes - sizeOf(claims) - ("\"" + ClaimNames.WORKSPACES + "\":\"\",").length() - TRUNCATION_FLAG_BYTES;
        StringBuilder compact = new StringBuilder();
        int included = 0;
        for (WorkspaceMembership m : user.memberships()) {
            String entry = (compact.length() == 0 ? "" : " ") + m.workspaceId() + ":" + m.role();
            if (compact.length() + entry.length() > available) {
                break;
            }
            compact.append(entry);
            included++;
        }
        claims.put(ClaimNames.WORKSPACES, compact.toString());
        if (included < user.membershipCount()) {
            claims.put(ClaimNames.WORKSPACES_TRUNCATED, "true");
        }
    }
}
