package io.cognitosuite.api.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.error.ApiError;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.api.error.Refusals;
import io.cognitosuite.api.function.internal.ApiComponents;
import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.Route;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the API behind an HTTP API (payload format 2.0): finds the route by the event's
 * {@code routeKey} (the key of the template's route, e.g. {@code "GET /workspaces/{id}"}) in the {@link RouteTable},
 * runs it with the request's deadline and request id, and turns every refusal and failure into the one error shape:
 * an unknown route 404; {@link AuthenticationException} 401; {@link AccessRefusedException} its status (400, 403, 404,
 * 409); a database that cannot be reached in time 503; any other {@link DataAccessException} and anything else 500.
 * A 500's body is the fixed sentence and the request id, never a stack trace, a class name or input; its one log line
 * names a fixed reason code (the kind of failure), never the exception's message, which may quote input or SQL.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** The function's name in the logs. */
    public static final String FUNCTION = "Api";
    /** The log reason of a 500 for a database that could not be reached or did not answer in time. */
    static final String DATABASE_UNAVAILABLE = "database_unavailable";
    /** The log reason of a 500 for any other database failure. */
    static final String DATABASE_FAILED = "database_failed";
    /** The log reason of a 500 for anything else. */
    static final String UNEXPECTED = "unexpected_failure";
    static final String NO_SUCH_ROUTE = "no_such_route";

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final RouteTable routes;
    private final Clock clock;

    /** Used by the Lambda runtime: the production routes from the environment, built once per execution environment. */
    public ApiHandler() {
        this(ApiComponents.routes(), Clock.systemUTC());
    }

    /**
     * @param routes the routes by HTTP API route key
     * @param clock  the clock the request deadlines are read by
     */
    public ApiHandler(RouteTable routes, Clock clock) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String lambdaRequestId = context == null ? null : context.getAwsRequestId();
        String requestId = requestId(event, lambdaRequestId);
        try (LogContext log = LogContext.open(FUNCTION, lambdaRequestId)) {
            log.put("apiRequestId", ApiError.safeRequestId(requestId));
            return toResponse(answer(event, requestId, deadline(context)));
        }
    }

    private ApiResponse answer(APIGatewayV2HTTPEvent event, String requestId, Deadline deadline) {
        Optional<Route> route = event == null ? Optional.empty() : routes.find(event.getRouteKey());
        if (route.isEmpty()) {
            return ApiResponse.error(Refusals.refuse(ApiErrorKind.NOT_FOUND, NO_SUCH_ROUTE, requestId));
        }
        try {
            return route.get().handle(new ApiRequest(event, requestId, deadline));
        } catch (AuthenticationException refused) {
            return ApiResponse.error(Refusals.unauthenticated(refused, requestId));
        } catch (AccessRefusedException refused) {
            return ApiResponse.error(refused.toApiError(requestId));
        } catch (DatabaseUnavailableException failed) {
            // Unreachable, or no answer within the request's time: worth a retry, so 503 as for the user pool.
            return ApiResponse.error(Refusals.refuse(ApiErrorKind.UNAVAILABLE, DATABASE_UNAVAILABLE, requestId));
        } catch (DataAccessException failed) {
            return ApiResponse.error(Refusals.refuse(ApiErrorKind.INTERNAL, DATABASE_FAILED, requestId));
        } catch (RuntimeException failed) {
            // The class, not the message: a message may quote input (a parser's) or data (a driver's). One line.
            ApiError error = new ApiError(ApiErrorKind.INTERNAL, requestId);
            LOG.error("api request failed: status=500 code={} reason={} exception={} requestId={}",
                    ApiErrorKind.INTERNAL.code(), UNEXPECTED, failed.getClass().getName(), error.requestId());
            return ApiResponse.error(error);
        }
    }

    /**
     * Lambda's deadline less {@link Reserves#API_ANSWER}, so the answer still goes out after the database gave up. No
     * context (a caller outside Lambda that passes none) means no deadline: the pool's own timeouts apply.
     */
    private Deadline deadline(Context context) {
        if (context == null) {
            return Deadline.none(clock);
        }
        long remaining = Math.max(0, context.getRemainingTimeInMillis());
        return Deadline.at(clock.instant().plusMillis(remaining), clock).minus(Reserves.API_ANSWER);
    }

    /** HTTP API's request id (what the client sees in {@code apigw-requestid}), else Lambda's. */
    private static String requestId(APIGatewayV2HTTPEvent event, String lambdaRequestId) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        return lambdaRequestId == null ? ApiError.UNKNOWN_REQUEST_ID : lambdaRequestId;
    }

    private static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
