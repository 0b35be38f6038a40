package io.cognitosuite.api.function.routing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.auth.GatewayClaims;
import io.cognitosuite.core.time.Deadline;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as a route sees it. The caller's identity is only what {@link #auth()} reads from the claims the
 * gateway's JWT authorizer verified; path parameters and the body are input, never identity.
 *
 * @param event     the HTTP API payload 2.0 event
 * @param requestId the gateway's request id ({@code requestContext.requestId}), else Lambda's; not checked here (the
 *                  error shape and the log keep it only if it is shaped like one)
 * @param deadline  when the route's work must be over: Lambda's deadline less
 *                  {@link io.cognitosuite.core.time.Reserves#API_ANSWER}
 */
public record ApiRequest(APIGatewayV2HTTPEvent event, String requestId, Deadline deadline) {
    public ApiRequest {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * The caller, from the verified claims alone.
     *
     * @throws AuthenticationException no verified claims (no authorizer on the route, or {@code sam local}), no sub,
     *                                 not an access token, ...
     */
    public AuthContext auth() throws AuthenticationException {
        return AuthContext.from(GatewayClaims.fromHttpApi(event));
    }

    /** A path parameter of the route ({@code id} of {@code /workspaces/{id}}), as sent: input to check, not trust. */
    public Optional<String> pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? Optional.empty() : Optional.ofNullable(parameters.get(name));
    }

    /** The body as text (decoded when the gateway sent it base64-encoded), or empty when there is none. */
    public Optional<String> body() {
        String body = event.getBody();
        if (body == null) {
            return Optional.empty();
        }
        if (!event.getIsBase64Encoded()) {
            return Optional.of(body);
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
