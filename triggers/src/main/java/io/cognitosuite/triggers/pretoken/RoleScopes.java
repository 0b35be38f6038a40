package io.cognitosuite.triggers.pretoken;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which OAuth scopes each app role adds to the access token (V2/V3), from {@code ROLE_SCOPES}:
 * {@code admin=api/admin api/read;user=api/read}. A role without an entry adds no scope. Every scope
 * named here that a role does not grant is suppressed for that role, so that a scope the app client
 * allows and the user asked for at the authorize endpoint never outlives the role's decision.
 */
public final class RoleScopes {
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");

    private final Map<String, List<String>> scopesByRole;
    /** Every scope named for any role, in order of first appearance. */
    private final List<String> allScopes;

    private RoleScopes(Map<String, List<String>> scopesByRole) {
        this.scopesByRole = scopesByRole;
        LinkedHashSet<String> all = new LinkedHashSet<>();
        scopesByRole.values().forEach(all::addAll);
        this.allScopes = List.copyOf(all);
    }

    public static RoleScopes none() {
        return new RoleScopes(Map.of());
    }

    /** Parses the mapping; the exception message names the bad part. */
    public static RoleScopes parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry '" + entry.strip() + "' must look like role=scope scope");
            }
            String role = entry.substring(0, eq).strip();
            if (!ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("role '" + role + "' must be lower-case letters, digits, '-' or '_'");
            }
            LinkedHashSet<String> scopes = new LinkedHashSet<>();
            for (String scope : entry.substring(eq + 1).strip().split("\\s+")) {
                if (scope.isEmpty()) {
                    continue;
                }
                if (!SCOPE.matcher(scope).matches()) {
                    throw new IllegalArgumentException("scope '" + scope + "' of role " + role + " is not a valid OAuth scope");
                }
                scopes.add(scope);
            }
            map.put(role, List.copyOf(scopes));
        }
        return new RoleScopes(Collections.unmodifiableMap(map));
    }

    public List<String> scopesFor(String role) {
        return scopesByRole.getOrDefault(role, List.of());
    }

    /** Every scope named for any role that {@code role} does not grant (all of them for a role without an entry). */
    public List<String> scopesToSuppressFor(String role) {
        List<String> granted = scopesFor(role);
        return allScopes.stream().filter(scope -> !granted.contains(scope)).toList();
    }

    /** Every scope named for any role: what a token issued without the database's answer must not carry. */
    public List<String> allScopes() {
        return allScopes;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        scopesByRole.forEach((role, scopes) -> parts.add(role + "=" + String.join(" ", scopes)));
        return String.join(";", parts);
    }
}
