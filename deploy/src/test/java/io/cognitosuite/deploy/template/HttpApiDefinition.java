package io.cognitosuite.deploy.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code AWS::ApiGatewayV2::Api} of a template with the resources that name it by {@code ApiId: !Ref Api}:
 * routes by route key, the integration a route targets ({@code Target: !Sub integrations/${Integration}}),
 * authorizers and stages. Values keep the JSON form of intrinsics, as {@link Template} does.
 */
public final class HttpApiDefinition {
    public static final String API = "AWS::ApiGatewayV2::Api";
    public static final String ROUTE = "AWS::ApiGatewayV2::Route";
    public static final String INTEGRATION = "AWS::ApiGatewayV2::Integration";
    public static final String AUTHORIZER = "AWS::ApiGatewayV2::Authorizer";
    public static final String STAGE = "AWS::ApiGatewayV2::Stage";
    private static final Pattern INTEGRATION_TARGET = Pattern.compile("integrations/\\$\\{([A-Za-z0-9]+)}");

    private final Template template;
    private final String api;

    private HttpApiDefinition(Template template, String api) {
        this.template = template;
        this.api = api;
    }

    public static HttpApiDefinition of(Template template, String api) {
        Objects.requireNonNull(template, "template");
        if (!API.equals(template.type(api))) {
            throw new IllegalArgumentException(api + " is not an " + API + " but " + template.type(api));
        }
        return new HttpApiDefinition(template, api);
    }

    public String api() {
        return api;
    }

    /** Logical ids of the resources of {@code type} whose {@code ApiId} is {@code !Ref} this API. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (String id : template.resourcesOfType(type)) {
            if (Map.of("Ref", api).equals(template.properties(id).get("ApiId"))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Route key ({@code GET /me}) → the route's logical id. A key declared twice is an error, as in API Gateway. */
    public Map<String, String> routesByKey() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String id : resourcesOfType(ROUTE)) {
            String key = String.valueOf(template.properties(id).get("RouteKey"));
            if (routes.put(key, id) != null) {
                throw new IllegalStateException("route key " + key + " is declared twice");
            }
        }
        return routes;
    }

    /** The logical id of the integration a route targets, or an error if its target is anything else. */
    public String integrationOf(String route) {
        Object target = template.properties(route).get("Target");
        Object sub = target instanceof Map<?, ?> map ? map.get("Fn::Sub") : null;
        Matcher matcher = INTEGRATION_TARGET.matcher(String.valueOf(sub));
        if (!(sub instanceof String) || !matcher.matches()) {
            throw new IllegalArgumentException(route + " targets " + target + ", not !Sub integrations/${Integration}");
        }
        String integration = matcher.group(1);
        if (!INTEGRATION.equals(template.type(integration))) {
            throw new IllegalArgumentException(route + " targets " + integration + ", which is no " + INTEGRATION);
        }
        return integration;
    }
}
