package io.cognitosuite.tools.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.auth.GatewayClaims;
import io.cognitosuite.core.json.Json;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class HttpApiClaimsTest {

    private static SortedMap<String, String> render(String payload) throws Exception {
        return HttpApiClaims.render(Json.parse(payload));
    }

    @Test
    void strings_arePassedAsTheyAre() throws Exception {
        assertThat(render("{\"sub\":\"3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c\",\"scope\":\"openid api/read\",\"empty\":\"\"}"))
                .containsExactly(Map.entry("empty", ""), Map.entry("scope", "openid api/read"),
                        Map.entry("sub", "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c"));
    }

    @Test
    void numbers_areTheirJsonText_neverScientific() throws Exception {
        assertThat(render("{\"exp\":1764601200,\"version\":2,\"negative\":-5,\"ratio\":1.50,\"huge\":12345678901234567890}"))
                .containsEntry("exp", "1764601200")
                .containsEntry("version", "2")
                .containsEntry("negative", "-5")
                .containsEntry("ratio", "1.5")
                .containsEntry("huge", "12345678901234567890");
    }

    @Test
    void booleans_areTrueOrFalse() throws Exception {
        assertThat(render("{\"email_verified\":true,\"phone_number_verified\":false}"))
                .containsEntry("email_verified", "true")
                .containsEntry("phone_number_verified", "false");
    }

    @Test
    void arrays_areBracketedAndSpaceSeparated_likeHttpApi() throws Exception {
        assertThat(render("{\"cognito:groups\":[\"admin\",\"support\"],\"one\":[\"admin\"],\"none\":[],"
                + "\"mixed\":[1,true,\"x\"],\"nested\":[[\"a\",\"b\"],\"c\"]}"))
                .containsEntry("cognito:groups", "[admin support]")
                .containsEntry("one", "[admin]")
                .containsEntry("none", "[]")
                .containsEntry("mixed", "[1 true x]")
                .containsEntry("nested", "[[a b] c]");
    }

    @Test
    void nestedObjects_areGoMapNotation_withSortedKeys() throws Exception {
        assertThat(render("{\"address\":{\"street\":\"Main\",\"number\":7,\"tags\":[\"a\",\"b\"],\"inner\":{\"z\":false}}}"))
                .containsEntry("address", "map[inner:map[z:false] number:7 street:Main tags:[a b]]");
    }

    @Test
    void nullClaims_areDropped_andANullInsideAnArrayIsNil() throws Exception {
        assertThat(render("{\"email\":null,\"sub\":\"s\",\"list\":[\"a\",null]}"))
                .doesNotContainKey("email")
                .containsEntry("list", "[a <nil>]")
                .containsEntry("sub", "s");
    }

    @Test
    void aPayloadThatIsNotAnObject_isRefused() {
        assertThatThrownBy(() -> render("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderedClaims_readBackThroughTheApiLibrary_asTheGroupsAndScopesTheTokenHad() throws Exception {
        // given an access token's payload rendered as the gateway renders it
        SortedMap<String, String> claims = render("{\"sub\":\"3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c\","
                + "\"token_use\":\"access\",\"client_id\":\"c1\",\"scope\":\"api/read api/admin\","
                + "\"cognito:groups\":[\"admin\",\"support\"],\"exp\":1764601200}");
        var event = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
        var jwt = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        var authorizer = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        var context = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        event.setRequestContext(context);

        // when the API library reads them
        AuthContext auth = AuthContext.from(GatewayClaims.fromHttpApi(event));

        // then it sees the groups and scopes as a list, not one "[admin support]" group
        assertThat(auth.groups()).containsExactly("admin", "support");
        assertThat(auth.scopes()).containsExactly("api/read", "api/admin");
    }
}
