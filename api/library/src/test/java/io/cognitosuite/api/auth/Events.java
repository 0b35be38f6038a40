package io.cognitosuite.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** API Gateway events for tests: the samples of {@code events/api-gateway}, and events built around given claims. */
final class Events {
    private Events() {
    }

    static APIGatewayV2HTTPEvent httpApiSample(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/api-gateway/" + file);
    }

    static APIGatewayProxyRequestEvent restApiSample(String file) {
        return EventLoader.loadApiGatewayRestEvent("events/api-gateway/" + file);
    }

    static APIGatewayV2HTTPEvent httpApi(Map<String, String> claims) {
        return httpApi(claims, null);
    }

    static APIGatewayV2HTTPEvent httpApi(Map<String, String> claims, List<String> scopes) {
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT(new HashMap<>(claims), scopes);
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        context.setRequestId("JKJaXmPLvHcESHA=");
        var event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(context);
        return event;
    }

    static APIGatewayProxyRequestEvent restApi(Map<String, Object> claims) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setAuthorizer(new HashMap<>(Map.of("claims", new HashMap<>(claims))));
        context.setRequestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        return new APIGatewayProxyRequestEvent().withRequestContext(context);
    }
}
