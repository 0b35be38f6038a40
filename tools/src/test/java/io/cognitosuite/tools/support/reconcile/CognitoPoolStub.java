package io.cognitosuite.tools.support.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A user pool's {@code ListUsers} on WireMock at the wire level (AWS JSON 1.1): pages keyed by their
 * {@code PaginationToken}, throttling answers ({@code TooManyRequestsException}, HTTP 400) and failures.
 */
final class CognitoPoolStub {
    static final String LIST_USERS = "AWSCognitoIdentityProviderService.ListUsers";

    private final WireMockServer wiremock;

    CognitoPoolStub(WireMockServer wiremock) {
        this.wiremock = wiremock;
    }

    /** The page asked for with {@code token} ({@code null}: the first page), pointing at {@code next}. */
    void page(String token, String next, String... users) {
        wiremock.stubFor(listUsers(token).willReturn(json(body(next, users))));
    }

    /** The page is throttled {@code times} times, then answered. */
    void throttledPage(String token, int times, String next, String... users) {
        String scenario = "throttle-" + token;
        for (int i = 0; i < times; i++) {
            wiremock.stubFor(listUsers(token).inScenario(scenario).whenScenarioStateIs(i == 0 ? STARTED : "throttled-" + i)
                    .willReturn(error(400, "TooManyRequestsException", "Too many requests"))
                    .willSetStateTo("throttled-" + (i + 1)));
        }
        wiremock.stubFor(listUsers(token).inScenario(scenario).whenScenarioStateIs("throttled-" + times)
                .willReturn(json(body(next, users))));
    }

    /** The page always fails: Cognito's internal error (transient, so retried until the attempts run out). */
    void failingPage(String token) {
        wiremock.stubFor(listUsers(token).atPriority(1).willReturn(error(500, "InternalErrorException", "Internal error")));
    }

    /** A pool user in the shape ListUsers returns. */
    static String user(String username, String sub, String status, boolean enabled, long createdEpochSecond, String email) {
        return """
                {"Username":"%s","UserStatus":"%s","Enabled":%s,"UserCreateDate":%d,"UserLastModifiedDate":%d,
                 "Attributes":[{"Name":"sub","Value":"%s"},{"Name":"email","Value":"%s"},{"Name":"email_verified","Value":"true"}]}"""
                .formatted(username, status, enabled, createdEpochSecond, createdEpochSecond, sub, email);
    }

    private static MappingBuilder listUsers(String token) {
        return post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS))
                .withRequestBody(matchingJsonPath("$.PaginationToken", token == null ? absent() : equalTo(token)));
    }

    private static String body(String next, String... users) {
        String list = List.of(users).stream().collect(Collectors.joining(",", "[", "]"));
        return next == null ? "{\"Users\":" + list + "}" : "{\"Users\":" + list + ",\"PaginationToken\":\"" + next + "\"}";
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }
}
