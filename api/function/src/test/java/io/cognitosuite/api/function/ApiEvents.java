package io.cognitosuite.api.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP API payload 2.0 events for the API function's tests: the samples of {@code events/api-gateway}, and built ones. */
final class ApiEvents {
    static final String REQUEST_ID = "JKJaXmPLvHcESHA=";
    static final String BEARER = "Bearer eyJraWQiOiJTQU1QTEUta2lkIiwiYWxnIjoiUlMyNTYifQ.SECRET-TOKEN-PAYLOAD.SIGNATURE";

    private ApiEvents() {
    }

    static APIGatewayV2HTTPEvent sample(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/api-gateway/" + file);
    }

    /** The sample access-token event on another route, with the given path parameters. */
    static APIGatewayV2HTTPEvent sampleOn(String file, String routeKey, Map<String, String> pathParameters) {
        APIGatewayV2HTTPEvent event = sample(file);
        event.setRouteKey(routeKey);
        event.getRequestContext().setRouteKey(routeKey);
        event.setPathParameters(pathParameters.isEmpty() ? null : new HashMap<>(pathParameters));
        return event;
    }

    /** An event for {@code routeKey} as HTTP API sends it after its JWT authorizer verified an access token of {@code sub}. */
    static APIGatewayV2HTTPEvent accessToken(String routeKey, String sub, Map<String, String> pathParameters) {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("token_use", "access");
        claims.put("client_id", "5vnk2h0bq1example7pi8s6v0a");
        claims.put("scope", "api/read");
        claims.put("username", sub);
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT(new HashMap<>(claims), null);
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        return withoutClaims(routeKey, pathParameters, authorizer);
    }

    /** An event for {@code routeKey} with no authorizer at all ({@code GET /health}, or {@code sam local start-api}). */
    static APIGatewayV2HTTPEvent noAuthorizer(String routeKey, Map<String, String> pathParameters) {
        return withoutClaims(routeKey, pathParameters, null);
    }

    private static APIGatewayV2HTTPEvent withoutClaims(String routeKey, Map<String, String> pathParameters,
                                                       APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer) {
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        context.setRequestId(REQUEST_ID);
        context.setRouteKey(routeKey);
        var event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(routeKey);
        event.setRequestContext(context);
        event.setHeaders(new HashMap<>(Map.of("authorization", BEARER)));
        event.setPathParameters(pathParameters.isEmpty() ? null : new HashMap<>(pathParameters));
        return event;
    }
}
