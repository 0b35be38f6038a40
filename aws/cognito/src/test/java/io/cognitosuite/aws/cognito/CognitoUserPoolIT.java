package io.cognitosuite.aws.cognito;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.core.domain.PoolUser;
import io.cognitosuite.core.port.IdentityLinkRefusedException;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The real SDK Cognito client against WireMock speaking the Cognito Identity Provider wire protocol
 * (AWS JSON 1.1): request shapes, paging and error responses.
 */
class CognitoUserPoolIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String LIST_USERS = "AWSCognitoIdentityProviderService.ListUsers";
    private static final String LINK = "AWSCognitoIdentityProviderService.AdminLinkProviderForUser";

    private static WireMockServer wiremock;
    private static CognitoIdentityProviderClient client;
    private CognitoUserPool pool;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        client = io.cognitosuite.testing.SqsTestClients.local(CognitoIdentityProviderClient.builder(),
                URI.create(wiremock.baseUrl())).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        wiremock.stop();
    }

    @BeforeEach
    void reset() {
        wiremock.resetAll();
        pool = new CognitoUserPool(client);
    }

    @Test
    void find_sendsAnExactEmailFilter_readsEveryPage_andPicksTheOldestVerifiedNativeUser() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS))
                .withRequestBody(matchingJsonPath("$.PaginationToken", com.github.tomakehurst.wiremock.client.WireMock.absent()))
                .willReturn(json("""
                        {"Users":[
                          {"Username":"Google_1","UserStatus":"EXTERNAL_PROVIDER","UserCreateDate":1700000000,
                           "Attributes":[{"Name":"sub","Value":"s-google"},{"Name":"email_verified","Value":"true"}]},
                          {"Username":"ada-unverified","UserStatus":"UNCONFIRMED","UserCreateDate":1600000000,
                           "Attributes":[{"Name":"sub","Value":"s-unverified"},{"Name":"email_verified","Value":"false"}]},
                          {"Username":"ada-new","UserStatus":"CONFIRMED","UserCreateDate":1750000000,
                           "Attributes":[{"Name":"sub","Value":"s-new"},{"Name":"email_verified","Value":"true"}]}],
                         "PaginationToken":"page-2"}""")));
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS))
                .withRequestBody(matchingJsonPath("$.PaginationToken", equalTo("page-2")))
                .willReturn(json("""
                        {"Users":[
                          {"Username":"ada-old","UserStatus":"CONFIRMED","UserCreateDate":1650000000,
                           "Attributes":[{"Name":"sub","Value":"s-old"},{"Name":"email_verified","Value":"true"}]}]}""")));

        Optional<PoolUser> found = pool.findNativeUserWithVerifiedEmail(POOL, "ada@example.com", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

        assertThat(found).hasValueSatisfying(u -> {
            assertThat(u.username()).isEqualTo("ada-old");
            assertThat(u.sub()).isEqualTo("s-old");
            assertThat(u.isNative()).isTrue();
        });
        wiremock.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LIST_USERS)));
        wiremock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("{\"UserPoolId\":\"" + POOL + "\",\"Filter\":\"email = \\\"ada@example.com\\\"\",\"Limit\":60}")));
    }

    @Test
    void find_returnsEmpty_whenOnlyFederatedOrUnverifiedUsersMatch() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS)).willReturn(json("""
                {"Users":[{"Username":"Google_1","UserStatus":"EXTERNAL_PROVIDER",
                           "Attributes":[{"Name":"email_verified","Value":"true"}]}]}""")));

        assertThat(pool.findNativeUserWithVerifiedEmail(POOL, "ada@example.com", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()))).isEmpty();
    }

    @Test
    void find_throttled_failsNamingTheErrorCode() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"TooManyRequestsException\",\"message\":\"Too many requests\"}")));

        assertThatThrownBy(() -> pool.findNativeUserWithVerifiedEmail(POOL, "ada@example.com", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOf(UserPoolUnavailableException.class)
                .hasMessage("ListUsers failed: TooManyRequestsException (HTTP 400)");
    }

    /**
     * A refusal that will not go away (missing IAM policy, bad filter) is permanent, and the exception names
     * the API, the error code and the HTTP status only: the SDK's message may quote the filter, and with it the
     * whole email, so it is neither in the message nor anywhere in the cause chain a stack trace would print.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedException", "InvalidParameterException"})
    void find_refusedForGood_failsPermanently_namingTheCodeAndStatus_neverTheSdkMessage(String errorCode) {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + errorCode + "\","
                        + "\"message\":\"Value 'email = \\\"ada@example.com\\\"' at 'filter' was refused\"}")));

        Throwable thrown = catchThrowable(() -> pool.findNativeUserWithVerifiedEmail(POOL, "ada@example.com", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())));

        assertThat(thrown).isInstanceOf(UserPoolUnavailableException.class)
                .hasMessage("ListUsers failed: " + errorCode + " (HTTP 400)");
        assertThat(((UserPoolUnavailableException) thrown).isTransient()).isFalse();
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).contains(errorCode)
                .doesNotContain("ada@example.com").doesNotContain("at 'filter' was refused");
    }

    @Test
    void find_slowerThanTheBudget_failsInTime() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS))
                .willReturn(json("{\"Users\":[]}").withFixedDelay(3000)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> pool.findNativeUserWithVerifiedEmail(POOL, "ada@example.com", Deadline.after(Duration.ofMillis(500), Clock.systemUTC())))
                .isInstanceOf(UserPoolUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void find_refusesAnEmailThatWouldBreakTheFilter() {
        assertThatThrownBy(() -> pool.findNativeUserWithVerifiedEmail(POOL, "a\"@example.com", Deadline.after(Duration.ofSeconds(1), Clock.systemUTC())))
                .isInstanceOf(IllegalArgumentException.class);
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void link_sendsTheNativeUserAsDestinationAndTheProviderSubjectAsSource() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LINK)).willReturn(json("{}")));

        pool.linkFederatedIdentity(POOL, "ada-old", "Google", "109876543210987654321", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()));

        wiremock.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LINK))
                .withRequestBody(equalToJson("""
                        {"UserPoolId":"%s",
                         "DestinationUser":{"ProviderName":"Cognito","ProviderAttributeValue":"ada-old"},
                         "SourceUser":{"ProviderName":"Google","ProviderAttributeName":"Cognito_Subject",
                                       "ProviderAttributeValue":"109876543210987654321"}}""".formatted(POOL))));
    }

    /**
     * Refusals Cognito documents for AdminLinkProviderForUser that belong to the two users, not to the pool's
     * configuration: the native user already has five linked identities (LimitExceededException), or the profiles'
     * aliases conflict (AliasExistsException). Only these may let the sign-up go ahead unlinked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LimitExceededException", "AliasExistsException"})
    void link_refusedForTheseUsers_failsAsARefusedLink_namingTheCodeAndStatus(String errorCode) {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LINK)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + errorCode + "\",\"message\":\"exists\"}")));

        assertThatThrownBy(() -> pool.linkFederatedIdentity(POOL, "ada-old", "Google", "1", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOf(IdentityLinkRefusedException.class)
                .hasMessage("AdminLinkProviderForUser failed: " + errorCode + " (HTTP 400)");
    }

    /**
     * Every other refusal is the pool's or the function's fault (a missing IAM grant, a wrong pool, a bad request),
     * not these users': it is a permanent unavailability, never a refused link, so the caller fails closed.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedException", "ResourceNotFoundException",
            "InvalidParameterException", "UserNotFoundException"})
    void link_refusedForAConfigurationFault_isUnavailablePermanently_neverARefusedLink(String errorCode) {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LINK)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + errorCode + "\",\"message\":\"User ada@example.com may not\"}")));

        Throwable thrown = catchThrowable(() -> pool.linkFederatedIdentity(POOL, "ada-old", "Google", "1", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())));

        assertThat(thrown).isInstanceOf(UserPoolUnavailableException.class)
                .hasMessage("AdminLinkProviderForUser failed: " + errorCode + " (HTTP 400)");
        assertThat(((UserPoolUnavailableException) thrown).isTransient()).isFalse();
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("ada@example.com");
    }

    @Test
    void errorCodeThatIsNotAWord_isReplacedByTheExceptionClass() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LINK)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"Refused for ada@example.com\",\"message\":\"no\"}")));

        assertThatThrownBy(() -> pool.linkFederatedIdentity(POOL, "ada-old", "Google", "1", Deadline.after(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOf(UserPoolUnavailableException.class)
                .hasMessageNotContaining("ada@example.com")
                .hasMessageContaining("CognitoIdentityProviderException (HTTP 400)");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
