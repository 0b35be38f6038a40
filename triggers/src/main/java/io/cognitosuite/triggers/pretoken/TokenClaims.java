package io.cognitosuite.triggers.pretoken;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims and scopes this trigger adds. Values are strings for V1 events and any JSON value for
 * V2/V3 (strings, numbers, booleans, lists, maps).
 *
 * @param idToken     claims to add to the ID token
 * @param accessToken claims to add to the access token (V2/V3 only)
 * @param scopesToAdd scopes to add to the access token (V2/V3 only)
 * @param scopesToSuppress scopes to remove from the access token (V2/V3 only); never one of {@code scopesToAdd}
 */
public record TokenClaims(Map<String, Object> idToken, Map<String, Object> accessToken, List<String> scopesToAdd,
                          List<String> scopesToSuppress) {
    public TokenClaims {
        idToken = Collections.unmodifiableMap(new LinkedHashMap<>(idToken));
        accessToken = Collections.unmodifiableMap(new LinkedHashMap<>(accessToken));
        scopesToAdd = List.copyOf(scopesToAdd);
        scopesToSuppress = List.copyOf(scopesToSuppress);
    }

    /** Claims that suppress no scope. */
    public TokenClaims(Map<String, Object> idToken, Map<String, Object> accessToken, List<String> scopesToAdd) {
        this(idToken, accessToken, scopesToAdd, List.of());
    }
}
