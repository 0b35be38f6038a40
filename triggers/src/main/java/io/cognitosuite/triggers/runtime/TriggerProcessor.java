package io.cognitosuite.triggers.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.port.MetricSet;
import io.cognitosuite.core.port.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trigger invocation: reads the event, sets the logging context (request id, trigger source,
 * pool id; the last two only in a known form, see {@link EnvelopeValues}), calls the trigger's logic,
 * writes the response, and records invocations, failures and latency per trigger source. Every failure leaves as a {@link TriggerFailedException} with a fixed,
 * safe sentence; the cause is logged with the request id.
 */
public final class TriggerProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerProcessor.class);
    /** Lambda gives a trigger at most 5 s when Cognito calls it; used when there is no context. */
    static final Duration COGNITO_TIMEOUT = Duration.ofSeconds(5);

    private final String function;
    private final Metrics metrics;
    private final Clock clock;

    public TriggerProcessor(String function, Metrics metrics, Clock clock) {
        this.function = Objects.requireNonNull(function, "function");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void process(InputStream in, OutputStream out, Context context, TriggerLogic logic) throws IOException {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Invocation invocation = invocation(context, started);
        String triggerSource = EnvelopeValues.UNKNOWN;
        boolean failed = true;
        try (LogContext log = LogContext.open(function, invocation.requestId())) {
            try {
                CognitoEvent event = CognitoEvent.from(Json.parse(in));
                // Both come from the event: CognitoEvent keeps only a known source (else "unknown"), and only a
                // pool id of the right shape reaches the logs.
                triggerSource = event.triggerSource();
                log.put(LogContext.TRIGGER_SOURCE, triggerSource)
                        .put(LogContext.USER_POOL_ID, EnvelopeValues.userPoolId(event.userPoolId()));
                JsonNode response = logic.handle(event, invocation);
                Json.mapper().writeValue(out, response);
                failed = false;
            } catch (MalformedJsonException e) {
                LOG.error("rejected a malformed event: {}", e.getMessage());
                // Without the cause: the runtime prints the whole chain, and the parser's exception under it quotes
                // the input where it broke (issue 13, scenario 7). The fixed reason above is all that is kept.
                throw new TriggerFailedException(TriggerFailedException.INVALID_REQUEST);
            } catch (MalformedEventException e) {
                LOG.error("rejected a malformed event: {}", e.getMessage());
                throw new TriggerFailedException(TriggerFailedException.INVALID_REQUEST, e);
            } catch (TriggerFailedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                LOG.error("trigger failed unexpectedly", e);
                throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
            } finally {
                double millis = (System.nanoTime() - startNanos) / 1_000_000.0;
                MetricSet.Builder set = MetricSet.builder()
                        .dimension("TriggerSource", triggerSource)
                        .count("Invocations", 1)
                        .count("Failures", failed ? 1 : 0)
                        .millis("Latency", millis);
                invocation.counts().forEach(set::count);
                metrics.publish(set.build());
            }
        }
    }

    private Invocation invocation(Context context, Instant started) {
        if (context == null) {
            return new Invocation(function, "local-" + started.toEpochMilli(), started, started.plus(COGNITO_TIMEOUT));
        }
        long remaining = context.getRemainingTimeInMillis();
        String requestId = Objects.requireNonNullElse(context.getAwsRequestId(), "unknown");
        return new Invocation(function, requestId, started, started.plusMillis(Math.max(0, remaining)));
    }
}
