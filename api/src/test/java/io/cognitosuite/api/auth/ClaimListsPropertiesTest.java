package io.cognitosuite.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated group lists survive every rendering the gateway uses. Names are drawn from what real group names hold
 * (letters, digits, {@code -_.:@+=/}); a JSON array also carries any other character, spaces and commas included.
 */
class ClaimListsPropertiesTest {

    @Provide
    Arbitrary<List<String>> groupLists() {
        return Arbitraries.strings().alpha().numeric().withChars("-_.:@+=/").ofMinLength(1).ofMaxLength(40)
                .list().uniqueElements().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<String>> anyTextLists() {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.isBlank() && s.strip().equals(s))
                .list().uniqueElements().ofMaxSize(8);
    }

    @Provide
    Arbitrary<ListRendering> renderings() {
        return Arbitraries.of(ListRendering.class);
    }

    @Property
    void groups_roundTripThroughEveryRendering(@ForAll("groupLists") List<String> groups,
                                               @ForAll("renderings") ListRendering rendering) {
        assertThat(ClaimLists.parse(rendering.render(groups))).containsExactlyElementsOf(groups);
    }

    @Property
    void groups_roundTripThroughAJsonArray_whateverTheyHold(@ForAll("anyTextLists") List<String> groups) {
        assertThat(ClaimLists.parse(ListRendering.JSON_ARRAY.render(groups))).containsExactlyElementsOf(groups);
    }

    @Property
    void scopes_roundTripThroughTheSpaceSeparatedClaim(@ForAll("groupLists") List<String> scopes) {
        assertThat(ClaimLists.parseScopes(String.join(" ", scopes))).containsExactlyElementsOf(scopes);
    }

    @Property(tries = 200)
    void groups_reachTheAuthContext_ofAnHttpApiEvent(@ForAll("groupLists") List<String> groups,
                                                      @ForAll("renderings") ListRendering rendering) throws Exception {
        Map<String, String> claims = new HashMap<>(Map.of("sub", "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c",
                "token_use", "access", "client_id", "client"));
        claims.put("cognito:groups", rendering.render(groups));
        APIGatewayV2HTTPEvent event = Events.httpApi(claims);

        assertThat(AuthContext.from(GatewayClaims.fromHttpApi(event)).groups()).containsExactlyElementsOf(groups);
    }

    @Property(tries = 200)
    void groups_reachTheAuthContext_ofARestApiEvent(@ForAll("groupLists") List<String> groups,
                                                     @ForAll("renderings") ListRendering rendering) throws Exception {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c",
                "token_use", "access", "client_id", "client"));
        claims.put("cognito:groups", rendering.render(groups));
        APIGatewayProxyRequestEvent event = Events.restApi(claims);

        assertThat(AuthContext.from(GatewayClaims.fromRestApi(event)).groups()).containsExactlyElementsOf(groups);
    }
}
