package io.cognitosuite.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimListsTest {

    static Stream<Arguments> everyShapeOfAListClaim() {
        return Stream.of(
                Arguments.of("JSON array", "[\"admin\",\"support\"]", List.of("admin", "support")),
                Arguments.of("JSON array with spaces", " [ \"admin\" , \"support\" ] ", List.of("admin", "support")),
                Arguments.of("JSON array of one", "[\"admin\"]", List.of("admin")),
                Arguments.of("HTTP API rendering", "[admin support]", List.of("admin", "support")),
                Arguments.of("HTTP API rendering of one", "[admin]", List.of("admin")),
                Arguments.of("HTTP API rendering of none", "[]", List.of()),
                Arguments.of("HTTP API rendering with extra whitespace", "[ admin \t support ]", List.of("admin", "support")),
                Arguments.of("comma list", "admin,support", List.of("admin", "support")),
                Arguments.of("comma list with spaces", "admin, support", List.of("admin", "support")),
                Arguments.of("comma list with empty items", ",admin,,support,", List.of("admin", "support")),
                Arguments.of("comma list in brackets", "[admin, support]", List.of("admin", "support")),
                Arguments.of("single value", "admin", List.of("admin")),
                Arguments.of("single value with whitespace", "  admin \n", List.of("admin")),
                Arguments.of("empty string", "", List.of()),
                Arguments.of("whitespace only", " \t\n ", List.of()),
                Arguments.of("repeats", "[admin admin support]", List.of("admin", "support")),
                Arguments.of("names with punctuation", "[eu-west-1_Pool_Google team:ops@x]",
                        List.of("eu-west-1_Pool_Google", "team:ops@x")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyShapeOfAListClaim")
    void parse_readsEveryShapeTheGatewaySends(String shape, String raw, List<String> expected) {
        assertThat(ClaimLists.parse(raw)).as(shape).containsExactlyElementsOf(expected);
    }

    @Test
    void parse_readsNullAsNoValues() {
        assertThat(ClaimLists.parse(null)).isEmpty();
    }

    @Test
    void parse_keepsAJsonValueThatHoldsASpaceOrComma() {
        assertThat(ClaimLists.parse("[\"Sales team\",\"a,b\"]")).containsExactly("Sales team", "a,b");
    }

    @Test
    void parse_givesNoValues_forAJsonArrayThatIsBrokenOrHoldsNonStrings() {
        // Groups are coarse information: a value that cannot be read grants nothing, so none is the safe answer.
        assertThat(ClaimLists.parse("[\"admin\",]")).isEmpty();
        assertThat(ClaimLists.parse("[\"admin\", 1]")).isEmpty();
        assertThat(ClaimLists.parse("[\"admin\", null]")).isEmpty();
        assertThat(ClaimLists.parse("[\"admin\", [\"nested\"]]")).isEmpty();
    }

    @Test
    void parseScopes_splitsOnWhitespaceOnly() {
        assertThat(ClaimLists.parseScopes("openid email api/read")).containsExactly("openid", "email", "api/read");
        assertThat(ClaimLists.parseScopes("  api/read\tapi/admin  ")).containsExactly("api/read", "api/admin");
        assertThat(ClaimLists.parseScopes("api/read,api/admin")).containsExactly("api/read,api/admin");
        assertThat(ClaimLists.parseScopes("api/read api/read")).containsExactly("api/read");
    }

    @Test
    void parseScopes_givesNoScopes_forNullEmptyOrBlank() {
        assertThat(ClaimLists.parseScopes(null)).isEmpty();
        assertThat(ClaimLists.parseScopes("")).isEmpty();
        assertThat(ClaimLists.parseScopes("   ")).isEmpty();
    }
}
