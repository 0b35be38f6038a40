package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReservedClaimsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sub", "username", "cognito:groups", "cognito:username", "cognito:roles", "identities",
            "client_id", "event_id", "device_key", "version", "acr", "amr", "at_hash", "auth_time", "azp", "exp", "iat",
            "iss", "jti", "nbf", "nonce", "origin_jti", "token_use", "scope", "SUB", "Cognito:Groups"})
    void reservedClaims_areRefusedInBothTokens(String claim) {
        assertThat(ReservedClaims.isReserved(claim, true)).isTrue();
        assertThat(ReservedClaims.isReserved(claim, false)).isTrue();
        TokenClaims inId = new TokenClaims(Map.of(claim, "x"), Map.of(), List.of());
        TokenClaims inAccess = new TokenClaims(Map.of(), Map.of(claim, "x"), List.of());

        assertThatThrownBy(() -> TokenResponseWriter.write(event(), TokenEventVersion.V2, inId))
                .isInstanceOf(ReservedClaims.ReservedClaimException.class).hasMessageContaining(claim);
        assertThatThrownBy(() -> TokenResponseWriter.write(event(), TokenEventVersion.V2, inAccess))
                .isInstanceOf(ReservedClaims.ReservedClaimException.class).hasMessageContaining(claim);
    }

    @Test
    void aud_isReservedInTheIdTokenOnly() {
        assertThat(ReservedClaims.isReserved("aud", true)).isTrue();
        assertThat(ReservedClaims.isReserved("aud", false)).isFalse();
    }

    @Test
    void everyClaimTheSuiteAdds_isAllowed() throws Exception {
        for (Field field : ClaimNames.class.getFields()) {
            String claim = (String) field.get(null);
            assertThat(ReservedClaims.isReserved(claim, true)).as(claim).isFalse();
            assertThat(ReservedClaims.isReserved(claim, false)).as(claim).isFalse();
        }
    }

    @Test
    void aScopeBothAddedAndSuppressed_isRefused() {
        TokenClaims both = new TokenClaims(Map.of("app_role", "user"), Map.of("app_role", "user"), List.of("api/read"),
                List.of("api/admin", "api/read"));

        assertThatThrownBy(() -> TokenResponseWriter.write(event(), TokenEventVersion.V2, both))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("api/read");
    }

    @Test
    void writer_putsSuppressedScopesIntoTheAccessTokenPart() {
        ObjectNode event = event();

        TokenResponseWriter.write(event, TokenEventVersion.V3, new TokenClaims(Map.of("app_role", "user"),
                Map.of("app_role", "user"), List.of("api/read"), List.of("api/admin")));

        assertThat(event.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/scopesToSuppress").toString())
                .isEqualTo("[\"api/admin\"]");
        assertThat(event.at("/response/claimsAndScopeOverrideDetails/accessTokenGeneration/scopesToAdd").toString())
                .isEqualTo("[\"api/read\"]");
    }

    @Test
    void writer_leavesTheEventUntouched_whenItRefuses() {
        ObjectNode event = event();
        String before = event.toString();

        assertThatThrownBy(() -> TokenResponseWriter.write(event, TokenEventVersion.V1,
                new TokenClaims(Map.of("cognito:groups", "admins"), Map.of(), List.of())));
        assertThat(event.toString()).isEqualTo(before);
    }

    private static ObjectNode event() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.putObject("response");
        return node;
    }
}
