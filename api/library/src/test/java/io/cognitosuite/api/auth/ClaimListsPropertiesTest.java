package io.cognitosuite.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated group lists survive every rendering the gateway uses. Names are drawn from what real group names hold
 * (letters, digits, {@code -_.:@+=/}); a JSON array also carries any other character, spaces and commas included.
 * Property tests over generated cases from a fixed seed (each failure names its case), so a run is repeatable.
 */
class ClaimListsPropertiesTest {
    private static final long SEED = 20261201L;
    private static final int CASES = 500;
    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@+=/";

    @Test
    void groups_roundTripThroughEveryRendering() {
        forEachCase(ClaimListsPropertiesTest::groupList, groups -> {
            for (ListRendering rendering : ListRendering.values()) {
                assertThat(ClaimLists.parse(rendering.render(groups))).as("%s of %s", rendering, groups)
                        .containsExactlyElementsOf(groups);
            }
        });
    }

    @Test
    void groups_roundTripThroughAJsonArray_whateverTheyHold() {
        forEachCase(ClaimListsPropertiesTest::anyTextList, groups ->
                assertThat(ClaimLists.parse(ListRendering.JSON_ARRAY.render(groups))).containsExactlyElementsOf(groups));
    }

    @Test
    void scopes_roundTripThroughTheSpaceSeparatedClaim() {
        forEachCase(ClaimListsPropertiesTest::groupList, scopes ->
                assertThat(ClaimLists.parseScopes(String.join(" ", scopes))).containsExactlyElementsOf(scopes));
    }

    @Test
    void groups_reachTheAuthContext_ofAnHttpApiEvent() {
        forEachCase(ClaimListsPropertiesTest::groupList, groups -> {
            for (ListRendering rendering : ListRendering.values()) {
                Map<String, String> claims = new HashMap<>(Map.of("sub", "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c",
                        "token_use", "access", "client_id", "client"));
                claims.put("cognito:groups", rendering.render(groups));
                APIGatewayV2HTTPEvent event = Events.httpApi(claims);

                assertThat(context(() -> AuthContext.from(GatewayClaims.fromHttpApi(event))).groups())
                        .as("%s of %s", rendering, groups).containsExactlyElementsOf(groups);
            }
        });
    }

    @Test
    void groups_reachTheAuthContext_ofARestApiEvent() {
        forEachCase(ClaimListsPropertiesTest::groupList, groups -> {
            for (ListRendering rendering : ListRendering.values()) {
                Map<String, Object> claims = new HashMap<>(Map.of("sub", "3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c",
                        "token_use", "access", "client_id", "client"));
                claims.put("cognito:groups", rendering.render(groups));
                APIGatewayProxyRequestEvent event = Events.restApi(claims);

                assertThat(context(() -> AuthContext.from(GatewayClaims.fromRestApi(event))).groups())
                        .as("%s of %s", rendering, groups).containsExactlyElementsOf(groups);
            }
        });
    }

    /** Runs the check on {@link #CASES} generated values; the first failure says which case (seed and index). */
    private static void forEachCase(Function<Random, List<String>> generator, java.util.function.Consumer<List<String>> check) {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            List<String> value = generator.apply(random);
            try {
                check.accept(value);
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + " of seed " + SEED + " (" + value + "): " + e.getMessage(), e);
            }
        }
    }

    /** Up to 12 distinct names of 1 to 40 characters a group name holds. */
    static List<String> groupList(Random random) {
        return distinct(random, 12, r -> text(r, 1 + r.nextInt(40), () -> NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length()))));
    }

    /** Up to 8 distinct non-blank texts of 1 to 30 characters from space to U+D7FF, without outer whitespace. */
    static List<String> anyTextList(Random random) {
        return distinct(random, 8, r -> {
            while (true) {
                String s = text(r, 1 + r.nextInt(30), () -> (char) (' ' + r.nextInt('\uD7FF' - ' ' + 1)));
                if (!s.isBlank() && s.strip().equals(s)) {
                    return s;
                }
            }
        });
    }

    private static List<String> distinct(Random random, int maxSize, Function<Random, String> element) {
        int size = random.nextInt(maxSize + 1);
        Set<String> values = new LinkedHashSet<>();
        while (values.size() < size) {
            values.add(element.apply(random));
        }
        return new ArrayList<>(values);
    }

    private static String text(Random random, int length, java.util.function.Supplier<Character> next) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(next.get());
        }
        return s.toString();
    }

    private interface Build {
        AuthContext get() throws Exception;
    }

    private static AuthContext context(Build build) {
        try {
            return build.get();
        } catch (Exception e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
