package io.cognitosuite.triggers;

import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
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
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The four trigger functions, wired exactly as in Lambda (the same composition root, the same settings, the same
 * checks) from a given environment, for code that runs them outside Lambda: the local stack and the tests that
 * drive it. Only the invocation wrapper differs: it publishes to the given metrics and is not primed (priming is
 * for a snapshot, and there is none). Each function is built when asked for, so a trigger's variables are needed
 * only by whoever builds that trigger. The pools the database triggers open come from the given factory, so that whoever
 * runs them can close them (a Lambda environment never closes its pool; a local stack must).
 */
public final class TriggerFunctions {
    private final Map<String, String> environment;
    private final Function<DatabaseSettings, Database> databases;
    private final Metrics metrics;
    private final Clock clock;

    /**
     * @param environment the variables the functions read, as Lambda would give them (a null value is unset)
     * @param metrics     where each invocation's metrics go
     * @param clock       the functions' clock
     */
    public TriggerFunctions(Map<String, String> environment, Metrics metrics, Clock clock) {
        this(environment, Database::pooled, metrics, clock);
    }

    /**
     * @param environment the variables the functions read, as Lambda would give them (a null value is unset)
     * @param databases   opens a database trigger's pool from the settings its environment names (once per function
     *                    built); the caller owns and closes what it opens
     * @param metrics     where each invocation's metrics go
     * @param clock       the functions' clock
     */
    public TriggerFunctions(Map<String, String> environment, Function<DatabaseSettings, Database> databases,
                            Metrics metrics, Clock clock) {
        // A copy, since the caller's map may change later; HashMap, since Map.copyOf would refuse a null value. The
        // settings readers (EnvironmentReader) read a null value as unset, like an absent name (a password may be).
        this.environment = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(environment, "environment")));
        this.databases = Objects.requireNonNull(databases, "databases");
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
                TriggerComponents.postAuthenticationService(environment, databases, clock));
    }

    public PreTokenGenerationHandler preTokenGeneration() {
        return new PreTokenGenerationHandler(processor(PreTokenGenerationHandler.FUNCTION),
                TriggerComponents.preTokenGenerationService(environment, databases, clock));
    }

    private TriggerProcessor processor(String function) {
        return new TriggerProcessor(function, metrics, clock);
    }
}
