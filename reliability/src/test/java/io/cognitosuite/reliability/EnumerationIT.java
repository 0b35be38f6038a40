package io.cognitosuite.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9, enumeration: what pre-sign-up answers must not tell an existing email, a new one, a blocked, a
 * disposable or a not-allowed one apart, beyond "allowed" and "refused". With {@code FEDERATED_ACCOUNTS=off} (the
 * default) the trigger never looks a user up: a duplicate of a native user's email is refused by Cognito itself
 * before the trigger runs (email as user name or alias), and otherwise the trigger cannot know it exists. So the
 * claim checked here is that the trigger's own answer for an "existing" email is byte-identical to a new one's,
 * and that every refusal, whatever the reason, is byte-identical to every other (request ids aside).
 */
class EnumerationIT {
    private static final String BLOCKED = "blocked.example";
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    /** Each case: which environment, which event source, the email; expected allowed or refused. */
    private record Case(String name, Map<String, String> environment, String sample, String email, boolean allowed) {
    }

    @Test
    void everyRefusal_isByteIdentical_andAnExistingEmailIsAnsweredAsANewOne() throws Exception {
        long started = System.nanoTime();
        Map<String, String> defaults = Map.of("SIGNUP_BLOCKED_DOMAINS", BLOCKED);
        Map<String, String> allowList = Map.of("SIGNUP_BLOCKED_DOMAINS", BLOCKED, "SIGNUP_ALLOWED_DOMAINS", "example.com");
        String signUp = "events/pre-sign-up/sign-up.json";
        String google = "events/pre-sign-up/external-provider-google-verified.json";
        String admin = "events/pre-sign-up/admin-create-user.json";
        List<Case> cases = List.of(
                new Case("new email", defaults, signUp, "new.person@example.com", true),
                new Case("an existing user's email", defaults, signUp, "ada@example.com", true),
                new Case("an existing user's email, other case", defaults, signUp, "Ada@Example.COM", true),
                new Case("blocked domain", defaults, signUp, "eve@blocked.example", false),
                new Case("blocked subdomain, mixed case", defaults, signUp, "Eve@Mail.Blocked.Example", false),
                new Case("disposable domain", defaults, signUp, "eve@mailinator.com", false),
                new Case("disposable subdomain", defaults, signUp, "eve@x.mailinator.com", false),
                new Case("not a plain address", defaults, signUp, "eve@@example.com", false),
                new Case("unstorable email (NUL)", defaults, signUp, "eve\u0000@example.com", false),
                new Case("allow-list: allowed new email", allowList, signUp, "new.person@example.com", true),
                new Case("allow-list: an existing user's email", allowList, signUp, "ada@example.com", true),
                new Case("allow-list: domain not listed", allowList, signUp, "eve@example.org", false),
                new Case("allow-list: blocked domain", allowList, signUp, "eve@blocked.example", false),
                new Case("allow-list: disposable domain", allowList, signUp, "eve@mailinator.com", false),
                new Case("federated off: Google with an existing email", defaults, google, "ada@example.com", true),
                new Case("federated off: Google with a new email", defaults, google, "new.person@example.com", true),
                new Case("federated off: Google, disposable", defaults, google, "eve@mailinator.com", false),
                new Case("admin-created, existing email", defaults, admin, "ada@example.com", true),
                new Case("admin-created, blocked", defaults, admin, "eve@blocked.example", false));

        Map<String, byte[]> refusals = new LinkedHashMap<>();
        Map<String, String> allowedResponses = new LinkedHashMap<>();
        List<String> logLines = new ArrayList<>();
        int invocations = 0;
        try (LogCapture logs = LogCapture.start()) {
            for (Case c : cases) {
                PreSignUpHandler handler = new TriggerFunctions(c.environment(), new RecordingMetrics(), Clock.systemUTC())
                        .preSignUp();
                // Twice, with different request ids: the answer must not depend on the request either.
                for (String requestId : List.of("req-" + invocations + "-a", "req-" + invocations + "-b")) {
                    invocations++;
                    byte[] event = event(c.sample(), c.email());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    Throwable thrown = catchThrowable(() -> handler.handleRequest(new ByteArrayInputStream(event), out,
                            new FakeLambdaContext(PreSignUpHandler.FUNCTION, requestId,
                                    Clock.systemUTC().instant().plus(Duration.ofSeconds(5)), Clock.systemUTC())));
                    if (c.allowed()) {
                        assertThat(thrown).as(c.name()).isNull();
                        JsonNode response = Json.parse(out.toString(StandardCharsets.UTF_8)).get("response");
                        allowedResponses.put(c.sample() + " " + c.name(), Json.write(response));
                    } else {
                        assertThat(thrown).as(c.name()).isExactlyInstanceOf(TriggerFailedException.class);
                        assertThat(thrown.getCause()).as("nothing behind the refusal for the runtime to print").isNull();
                        assertThat(thrown.getSuppressed()).isEmpty();
                        assertThat(out.size()).as("no response written").isZero();
                        refusals.put(c.name() + " " + requestId, lambdaErrorMessage(thrown));
                    }
                }
            }
            logLines.addAll(logs.lines());
        }

        // The exact bytes Cognito gets (and shows as "PreSignUp failed with error <message>."): one sentence.
        byte[] expected = PreSignUpService.REFUSED.getBytes(StandardCharsets.UTF_8);
        assertThat(refusals).hasSize(2 * (int) cases.stream().filter(c -> !c.allowed()).count());
        refusals.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(expected));
        assertThat(refusals.values().stream().map(Arrays::toString).distinct()).hasSize(1);
        // Allowed sign-ups of one source get byte-identical responses, whether the email is new or "existing".
        assertThat(allowedResponses.entrySet().stream().filter(e -> e.getKey().startsWith(signUpPrefix(signUp)))
                .map(Map.Entry::getValue).distinct())
                .containsExactly("{\"autoConfirmUser\":false,\"autoVerifyEmail\":false,\"autoVerifyPhone\":false}");
        assertThat(allowedResponses.entrySet().stream().filter(e -> e.getKey().startsWith(google))
                .map(Map.Entry::getValue).distinct()).hasSize(1);
        // The refusal reason is in the log for the operator, but no whole email address is.
        for (Case c : cases) {
            String whole = c.email().strip().toLowerCase(java.util.Locale.ROOT);
            assertThat(logLines).as("log lines for " + c.name()).noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT)
                    .contains(whole));
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "[reliability] enumeration: %d emails tried in %d invocations "
                        + "(%d refused, %d allowed), %d distinct refusal message (%d bytes), %d distinct allowed response per "
                        + "trigger source, 0 user pool lookups (FEDERATED_ACCOUNTS=off), %d log lines scanned, 0 whole emails "
                        + "in them, %.2f s%n", cases.size(), invocations, refusals.size(),
                invocations - refusals.size(), 1, expected.length, 1, logLines.size(), seconds);
    }

    private static String signUpPrefix(String sample) {
        return sample;
    }

    /**
     * What the Lambda Java runtime sends Cognito for a thrown exception is its message as {@code errorMessage};
     * Cognito turns it into the user's error text. Read back from the runtime's JSON shape, as bytes.
     */
    private static byte[] lambdaErrorMessage(Throwable thrown) throws Exception {
        ObjectNode payload = Json.mapper().createObjectNode().put("errorMessage", thrown.getMessage());
        return Json.parse(Json.write(payload)).get("errorMessage").textValue().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(String sample, String email) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read(sample));
        event.put("userPoolId", POOL);
        ((ObjectNode) event.path("request").path("userAttributes")).put("email", email);
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }
}
