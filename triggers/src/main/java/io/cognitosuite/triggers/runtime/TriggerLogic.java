package io.cognitosuite.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What one trigger does with a checked event; returns the response Cognito gets (usually the event).
 *
 * <p>Every trigger is built with {@link #of}, from the same three steps: its request mapping
 * ({@code XxxRequest.from}, where a malformed event is refused), its service (a decision in domain terms, with no
 * JSON in sight) and its response writer ({@code XxxResponseWriter.write}, the only step that touches the
 * response).
 */
@FunctionalInterface
public interface TriggerLogic {
    JsonNode handle(CognitoEvent event, Invocation invocation) throws MalformedEventException;

    /** The request, then the service's decision, then the response written from both. */
    static <R, D> TriggerLogic of(RequestMapping<R> request, Service<R, D> service, ResponseWriter<R, D> response) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(response, "response");
        return (event, invocation) -> {
            R mapped = request.from(event);
            D decision = service.decide(mapped, invocation);
            return response.write(event, mapped, decision);
        };
    }

    /** Reads and checks what the trigger needs from the event; a malformed event fails here. */
    @FunctionalInterface
    interface RequestMapping<R> {
        R from(CognitoEvent event) throws MalformedEventException;
    }

    /** The trigger's work in domain terms: from the request to what Cognito should be told. */
    @FunctionalInterface
    interface Service<R, D> {
        D decide(R request, Invocation invocation) throws MalformedEventException;
    }

    /** Writes the decision into the response Cognito gets, and returns that response. */
    @FunctionalInterface
    interface ResponseWriter<R, D> {
        JsonNode write(CognitoEvent event, R request, D decision);
    }
}
