package io.cognitosuite.api.auth;

import io.cognitosuite.core.json.Json;
import java.util.List;
import java.util.function.Function;

/** The ways a list claim reaches a function, rendered as the gateway (or a hand-built event) writes them. */
enum ListRendering {
    /** What a token holds, and what a re-serialized event may carry: {@code ["a","b"]}. */
    JSON_ARRAY(values -> Json.write(values)),
    /** HTTP API's rendering of an array claim: {@code [a b]}. */
    HTTP_API(values -> "[" + String.join(" ", values) + "]"),
    /** A comma list: {@code a,b}. */
    COMMA(values -> String.join(",", values)),
    /** A comma list with spaces: {@code a, b}. */
    COMMA_SPACE(values -> String.join(", ", values));

    private final Function<List<String>, String> render;

    ListRendering(Function<List<String>, String> render) {
        this.render = render;
    }

    String render(List<String> values) {
        return render.apply(values);
    }
}
