package io.cognitosuite.consumers.internal;

import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.port.MetricSet;
import java.time.Instant;

/**
 * Runs the consumers' per-message code paths once on made-up data while a function is being built, so that their
 * classes are loaded before a SnapStart snapshot (or the first batch): a {@code user.confirmed} message is written
 * and read back, a log context opened and one metrics document serialised. No network, no database.
 */
public final class ConsumerPriming {
    private ConsumerPriming() {
    }

    public static void prime() {
        try (LogContext ignored = LogContext.open("priming", "priming")) {
            UserConfirmed user = new UserConfirmed("eu-west-1_Priming0", "00000000-0000-4000-8000-000000000000",
                    "priming", null, false, null, UserConfirmed.CONFIRM_SIGN_UP, Instant.EPOCH);
            UserConfirmedMessage.fromJson(UserConfirmedMessage.toJson(user));
            new EmfMetrics(new DocumentSinkEnvironment("priming", document -> { }), EmfMetrics.NAMESPACE)
                    .publish(MetricSet.builder().dimension("Priming", "true").count("Primed", 1).millis("Latency", 0).build());
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("priming data is broken", e);
        }
    }
}
