package io.cognitosuite.triggers.presignup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.PoolUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerLogic;
import io.cognitosuite.testing.ClasspathFiles;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pre-sign-up reads the email through {@link CognitoEvent#userAttributes()}, which gives a non-string value as its
 * JSON text. That is safe only while no such text passes as an address: this pins the decision (see the README's
 * pre-sign-up section) so that a change to the email rule cannot quietly let a number or an object through.
 */
class PreSignUpNonStringEmailTest {

    @ParameterizedTest
    @ValueSource(strings = {"12345", "true", "{\"email\":\"ada@example.com\"}", "[\"ada@example.com\"]",
            "{\"a\":\"ada@example.com\",\"b\":\"x\"}"})
    void emailThatIsNotAString_neverLetsTheSignUpThrough(String json) throws Exception {
        ObjectNode event = (ObjectNode) Json.parse(ClasspathFiles.read("events/pre-sign-up/sign-up.json"));
        ((ObjectNode) event.at("/request/userAttributes")).set("email", Json.parse(json));
        TriggerLogic service = PreSignUpHandler.steps(new PreSignUpService(PreSignUpSettings.fromEnvironment(new HashMap<>()),
                new UnusedUserPool(), Clock.systemUTC()));
        Instant now = Instant.now();

        assertThatThrownBy(() -> service.handle(CognitoEvent.from(event), new Invocation("PreSignUp", "req-1", now,
                now.plusSeconds(5))))
                .isInstanceOfAny(TriggerFailedException.class, MalformedEventException.class);
    }

    private static final class UnusedUserPool implements UserPool {
        @Override
        public Optional<PoolUser> findNativeUserWithVerifiedEmail(String userPoolId, String email, Deadline deadline) {
            throw new AssertionError("a native sign-up needs no pool lookup");
        }

        @Override
        public void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName,
                                          String providerUserId, Deadline deadline) {
            throw new AssertionError("a native sign-up is never linked");
        }
    }
}
