package io.cognitosuite.tools.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The payload format 2.0 event HTTP API sends its Lambda integration: {@code version} 2.0, {@code routeKey},
 * {@code rawPath}, {@code rawQueryString}, {@code cookies}, {@code headers} (names lower-cased, repeated values joined
 * with commas; the cookie headers go to {@code cookies} instead), {@code queryStringParameters} (decoded, repeated
 * values joined with commas), {@code pathParameters}, {@code body} (text, or base64 with {@code isBase64Encoded} for a
 * content type that is not text) and {@code requestContext} with {@code requestId}, {@code http}, {@code stage}
 * {@code $default}, {@code time} and, on JWT routes, {@code authorizer.jwt.claims} / {@code scopes}. Absent parts are
 * null, as HTTP API leaves them out.
 */
public final class HttpApiEvents {
    /** A local stand-in for the account and the API id (the function must not depend on either). */
    static final String ACCOUNT_ID = "000000000000";
    static final String API_ID = "local";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    /** The event for a request matched to a route; {@code allowed} is null on a route without an authorizer. */
    public static APIGatewayV2HTTPEvent event(GatewayRequest request, GatewayRoutes.Match match,
                                              AuthorizerDecision.Allowed allowed, String requestId, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            if (name.equals("cookie")) {
                values.forEach(v -> java.util.Arrays.stream(v.split(";")).map(String::strip)
                        .filter(c -> !c.isEmpty()).forEach(cookies::add));
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        String host = headers.getOrDefault("host", "localhost");
        String path = URLDecoder.decode(request.rawPath().replace("+", "%2B"), StandardCharsets.UTF_8);

        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(request.method()).withPath(path).withProtocol("HTTP/1.1")
                .withSourceIp(request.sourceIp()).withUserAgent(headers.getOrDefault("user-agent", "")).build();
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId(ACCOUNT_ID).withApiId(API_ID).withDomainName(host)
                .withDomainPrefix(host.contains(".") ? host.substring(0, host.indexOf('.')) : host)
                .withHttp(http).withRequestId(requestId).withRouteKey(match.route().routeKey()).withStage("$default")
                .withTime(TIME.format(now)).withTimeEpoch(now.toEpochMilli());
        if (allowed != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                    .builder().withClaims(new LinkedHashMap<>(allowed.claims()))
                    .withScopes(allowed.scopes() == null ? null : new ArrayList<>(allowed.scopes())).build();
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build());
        }

        APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(match.route().routeKey())
                .withRawPath(request.rawPath()).withRawQueryString(request.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(request.rawQuery()))
                .withPathParameters(match.pathParameters().isEmpty() ? null : new LinkedHashMap<>(match.pathParameters()))
                .withRequestContext(context.build());
        byte[] body = request.body();
        if (body.length == 0) {
            event.withIsBase64Encoded(false);
        } else {
            String text = isText(headers.get("content-type")) ? utf8(body) : null;
            event.withBody(text != null ? text : Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(text == null);
        }
        return event.build();
    }

    /** Decoded, a repeated name's values joined with commas (payload 2.0), in order; null when there is no query. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    /** Text bodies reach the function as text; anything else base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/javascript");
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
