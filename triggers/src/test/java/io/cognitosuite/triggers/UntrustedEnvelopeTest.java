package io.cognitosuite.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.SignIns;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.core.port.WorkQueue;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.RecordingMetrics;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.LogCapture;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationService;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationService;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import io.cognitosuite.triggers.presignup.PreSignUpSettings;
import io.cognitosuite.triggers.pretoken.ClaimsComposer;
import io.cognitosuite.triggers.pretoken.ClaimsUnavailablePolicy;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationService;
import io.cognitosuite.triggers.pretoken.RoleScopes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trigger's path through {@code TriggerProcessor} with an envelope value (trigger source, pool id)
 * that is a token or an email: the value never reaches a log line, and the user sees a fixed sentence.
 * Ports are fakes that must not be reached (nothing is done for an event with an unknown source).
 */
class UntrustedEnvelopeTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLWxlYWs";
    private static final String EMAIL = "leak.envelope@example.com";
    private static final Clock CLOCK = Clock.systemUTC();

    private final List<String> portCalls = new ArrayList<>();

    static Stream<Arguments> triggersAndValues() {
        List<Arguments> all = new ArrayList<>();
        for (String value : List.of(JWT, EMAIL)) {
            all.add(Arguments.of(PreSignUpHandler.FUNCTION, "pre-sign-up/sign-up.json", value));
            all.add(Arguments.of(PostConfirmationHandler.FUNCTION, "post-confirmation/confirm-sign-up.json", value));
            all.add(Arguments.of(PostAuthenticationHandler.FUNCTION, "post-authentication/authentication.json", value));
            all.add(Arguments.of(PreTokenGenerationHandler.FUNCTION, "pre-token-generation/v2-authentication.json", value));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} with triggerSource {2}")
    @MethodSource("triggersAndValues")
    void untrustedTriggerSource_neverReachesTheLog_andTheUserSeesAFixedSentence(String function, String file, String value)
            throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/" + file));
        event.put("triggerSource", value);
        RecordingMetrics metrics = new RecordingMetrics();
        String log;
        try (LogCapture logs = LogCapture.start()) {
            if (function.equals(PostAuthenticationHandler.FUNCTION)) {
                // Post-authentication never fails a sign-in; it only leaves the sign-in unrecorded.
                invoke(handler(function, metrics), event.toString());
            } else {
                assertThatThrownBy(() -> invoke(handler(function, metrics), event.toString()))
                        .isInstanceOf(TriggerFailedException.class)
                        .hasMessage(TriggerFailedException.INVALID_REQUEST);
            }
            log = logs.all();
        }

        assertThat(log).isNotEmpty().doesNotContain(value).doesNotContain(value.substring(0, 10));
        assertThat(metrics.last().dimensions()).containsEntry("TriggerSource", "unknown");
        assertThat(portCalls).isEmpty();
    }

    @ParameterizedTest(name = "{0} with userPoolId {2}")
    @MethodSource("triggersAndValues")
    void untrustedPoolId_neverReachesTheLogContext(String function, String file, String value) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/" + file));
        event.put("userPoolId", value);
        String log;
        try (LogCapture logs = LogCapture.start()) {
            try {
                invoke(handler(function, new RecordingMetrics()), event.toString());
            } catch (TriggerFailedException e) {
                assertThat(e.getMessage()).doesNotContain(value);
            }
            log = logs.all();
        }

        assertThat(log).contains("\"userPoolId\":\"invalid\"").doesNotContain("\"userPoolId\":\"" + value);
    }

    private RequestStreamHandler handler(String function, RecordingMetrics metrics) {
        TriggerProcessor processor = new TriggerProcessor(function, metrics, CLOCK);
        return switch (function) {
            case PreSignUpHandler.FUNCTION -> new PreSignUpHandler(processor,
                    new PreSignUpService(PreSignUpSettings.fromEnvironment(Map.of()), userPool(), CLOCK));
            case PostConfirmationHandler.FUNCTION -> new PostConfirmationHandler(processor,
                    new PostConfirmationService(queue(), Duration.ofSeconds(2), CLOCK));
            case PostAuthenticationHandler.FUNCTION -> new PostAuthenticationHandler(processor,
                    new PostAuthenticationService(signIns(), Duration.ofMillis(500), CLOCK));
            case PreTokenGenerationHandler.FUNCTION -> new PreTokenGenerationHandler(processor, new PreTokenGenerationService(
                    (sub, max, deadline) -> {
                        portCalls.add("find");
                        return Optional.empty();
                    },
                    new NoAppUsers(portCalls), new ClaimsComposer(2048, RoleScopes.parse("admin=api/admin")),
                    ClaimsUnavailablePolicy.DENY, Duration.ofMillis(1500), CLOCK));
            default -> throw new IllegalArgumentException(function);
        };
    }

    private UserPool userPool() {
        return new UserPool() {
            @Override
            public Optional<io.cognitosuite.core.domain.PoolUser> findNativeUserWithVerifiedEmail(String pool, String email,
                                                                                                   Deadline deadline) {
                portCalls.add("findNativeUser");
                return Optional.empty();
            }

            @Override
            public void linkFederatedIdentity(String pool, String user, String provider, String providerUserId, Deadline deadline) {
                portCalls.add("link");
            }
        };
    }

    private WorkQueue queue() {
        return (message, deadline) -> {
            portCalls.add("send");
            return "m-1";
        };
    }

    private SignIns signIns() {
        return (signIn, deadline) -> {
            portCalls.add("record");
            return true;
        };
    }

    private static void invoke(RequestStreamHandler handler, String event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                FakeLambdaContext.cognitoTrigger("f"));
    }

    /** The provisioning port, which an event with an unknown source must never reach. */
    private record NoAppUsers(List<String> calls) implements io.cognitosuite.core.port.AppUsers {
        @Override
        public List<io.cognitosuite.core.domain.ProvisionedUser> provision(List<io.cognitosuite.core.domain.NewAppUser> users,
                                                                             Deadline deadline) {
            calls.add("provision");
            return List.of();
        }
    }
}
