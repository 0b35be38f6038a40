package io.cognitosuite.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.port.MetricSet;
import java.time.Instant;

/**
 * Runs the per-invocation code paths once on made-up data while a function is being built, so that
 * their classes are loaded and initialised before a SnapStart snapshot (or before the first real
 * request). It touches no network and no database: sockets and pools are opened on first use only.
 */
public final class Priming {
    private static final String SAMPLE_EVENT = """
            {"version":"1","region":"eu-west-1","userPoolId":"eu-west-1_Priming0","userName":"priming",
             "callerContext":{"awsSdkVersion":"priming","clientId":"priming"},"triggerSource":"Priming",
             "request":{"userAttributes":{"sub":"00000000-0000-4000-8000-000000000000","email":"p@example.com"}},
             "response":{}}
            """;

    private Priming() {
    }

    /** Parses and writes a trigger event, opens a log context and serialises one metrics document. */
    public static void prime() {
        try (LogContext ignored = LogContext.open("priming", "priming")) {
            JsonNode node = Json.parse(SAMPLE_EVENT);
            CognitoEvent event = CognitoEvent.from(node);
            event.userAttributes();
            event.attribute("sub");
            Json.write(event.json());
            UserConfirmed user = new UserConfirmed(event.userPoolId(), "00000000-0000-4000-8000-000000000000", "priming",
                    null, false, null, UserConfirmed.CONFIRM_SIGN_UP, Instant.EPOCH);
            UserConfirmedMessage.fromJson(UserConfirmedMessage.toJson(user));
            new EmfMetrics(new DocumentSinkEnvironment("priming", document -> { }), EmfMetrics.NAMESPACE)
                    .publish(MetricSet.builder().dimension("Priming", "true").count("Primed", 1).millis("Latency", 0).build());
        } catch (MalformedJsonException | MalformedEventException | InvalidMessageException e) {
            throw new IllegalStateException("priming data is broken", e);
        }
    }
}
