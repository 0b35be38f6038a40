package io.cognitosuite.triggers;

import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.triggers.internal.TriggerComponents;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The four trigger functions, wired exactly as in Lambda (the same composition root, the same settings, the same
 * checks) from a given environment, for code that runs them outside Lambda: the local stack and the tests that
 * drive it. Only the invocation wrapper differs: it publishes to the given metrics and is not primed (priming is
 * for a snapshot, and there is none). Each function is built when asked for, so a trigger's variables are needed
 * only by whoever builds that trigger.
 */
public final class TriggerFunctions {
    private final Map<String, String> environment;
    private final Metrics metrics;
    private final Clock clock;

    /**
     * @param environment the variables the functions read, as Lambda would give them
     * @param metrics     where each invocation's metrics go
     * @param clock       the functions' clock
     */
    public TriggerFunctions(Map<String, String> environment, Metrics metrics, Clock clock) {
        // A copy that keeps null values (a password may be unset), which Map.copyOf would refuse.
        this.environment = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(environment, "environment")));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PreSignUpHandler preSignUp() {
        return new PreSignUpHandler(processor(PreSignUpHandler.FUNCTION),
                TriggerComponents.preSignUpService(environment, clock));
    }

    /** Post-confirmation over a given SQS client (the local stack points it at its own server). */
    public PostConfirmationHandler postConfirmation(SqsClient sqs) {
        return new PostConfirmationHandler(processor(PostConfirmationHandler.FUNCTION),
                TriggerComponents.postConfirmationService(environment, Objects.requireNonNull(sqs, "sqs"), clock));
    }

    public PostAuthenticationHandler postAuthentication() {
        return new PostAuthenticationHandler(processor(PostAuthenticationHandler.FUNCTION),
                TriggerComponents.postAuthenticationService(environment, clock));
    }

    public PreTokenGenerationHandler preTokenGeneration() {
        return new PreTokenGenerationHandler(processor(PreTokenGenerationHandler.FUNCTION),
                TriggerComponents.preTokenGenerationService(environment, clock));
    }

    private TriggerProcessor processor(String function) {
        return new TriggerProcessor(function, metrics, clock);
    }
}
