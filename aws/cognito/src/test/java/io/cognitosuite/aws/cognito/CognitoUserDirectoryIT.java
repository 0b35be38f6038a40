package io.cognitosuite.aws.cognito;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.core.domain.DirectoryPage;
import io.cognitosuite.core.domain.DirectoryUser;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The real SDK Cognito client, built as production builds it ({@link AwsClients}: the SDK's own retries off),
 * against WireMock speaking the Cognito Identity Provider wire protocol (AWS JSON 1.1).
 */
class CognitoUserDirectoryIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String LIST_USERS = "AWSCognitoIdentityProviderService.ListUsers";
    private static final String GET_USER = "AWSCognitoIdentityProviderService.AdminGetUser";
    private static final String LIST_GROUPS = "AWSCognitoIdentityProviderService.AdminListGroupsForUser";
    /** Short waits, so that the tests are fast; the number of attempts is the production one. */
    private static final CognitoUserDirectory.Retries FAST = CognitoUserDirectory.Retries.DEFAULT.withFirstBackoff(Duration.ofMillis(1));

    private static WireMockServer wiremock;
    private static CognitoIdentityProviderClient client;
    private CognitoUserDirectory directory;

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
        directory = new CognitoUserDirectory(client, FAST);
    }

    @Test
    void page_asksForSixtyUsersFromTheToken_andMapsEachUser() {
        wiremock.stubFor(listUsers().willReturn(json("""
                {"Users":[
                  {"Username":"ada","UserStatus":"CONFIRMED","Enabled":true,
                   "UserCreateDate":1700000000,"UserLastModifiedDate":1700000500.5,
                   "Attributes":[{"Name":"sub","Value":"s-ada"},{"Name":"email","Value":"ada@example.com"},
                                 {"Name":"email_verified","Value":"true"},
                                 {"Name":"identities","Value":"[{\\"userId\\":\\"10987\\",\\"providerName\\":\\"Google\\",\\"providerType\\":\\"Google\\",\\"primary\\":false}]"}]},
                  {"Username":"Google_10987","UserStatus":"EXTERNAL_PROVIDER","Enabled":false,
                   "Attributes":[{"Name":"sub","Value":"s-google"}]}],
                 "PaginationToken":"page-3"}""")));

        DirectoryPage page = directory.page(POOL, "page-2", soon());

        assertThat(page.nextToken()).isEqualTo("page-3");
        assertThat(page.users()).hasSize(2);
        DirectoryUser ada = page.users().get(0);
        assertThat(ada.username()).isEqualTo("ada");
        assertThat(ada.sub()).isEqualTo("s-ada");
        assertThat(ada.status()).isEqualTo("CONFIRMED");
        assertThat(ada.enabled()).isTrue();
        assertThat(ada.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(ada.lastModifiedAt()).isEqualTo(Instant.ofEpochSecond(1700000500, 500_000_000));
        assertThat(ada.email()).isEqualTo("ada@example.com");
        assertThat(ada.emailVerified()).isTrue();
        assertThat(ada.identityProviders()).containsExactly("Google");
        assertThat(ada.toString()).doesNotContain("ada@example.com");
        DirectoryUser federated = page.users().get(1);
        assertThat(federated.status()).isEqualTo("EXTERNAL_PROVIDER");
        assertThat(federated.enabled()).isFalse();
        assertThat(federated.email()).isNull();
        assertThat(federated.emailVerified()).as("absent email_verified is not verified").isFalse();
        assertThat(federated.createdAt()).isNull();
        wiremock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(LIST_USERS))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("{\"UserPoolId\":\"" + POOL + "\",\"Limit\":60,\"PaginationToken\":\"page-2\"}")));
    }

    @Test
    void page_first_sendsNoToken_andTheLastPageHasNone() {
        wiremock.stubFor(listUsers().willReturn(json("{\"Users\":[]}")));

        DirectoryPage page = directory.page(POOL, null, soon());

        assertThat(page.isLast()).isTrue();
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.PaginationToken", absent())));
    }

    @Test
    void page_throttled_backsOff_andAsksForTheSamePageAgain() {
        wiremock.stubFor(listUsers().inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(throttled()).willSetStateTo("once"));
        wiremock.stubFor(listUsers().inScenario("throttle").whenScenarioStateIs("once")
                .willReturn(throttled()).willSetStateTo("twice"));
        wiremock.stubFor(listUsers().inScenario("throttle").whenScenarioStateIs("twice")
                .willReturn(json("{\"Users\":[{\"Username\":\"ada\",\"UserStatus\":\"CONFIRMED\",\"Enabled\":true,"
                        + "\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"s-ada\"}]}]}")));

        DirectoryPage page = directory.page(POOL, "page-2", soon());

        assertThat(page.users()).extracting(DirectoryUser::sub).containsExactly("s-ada");
        assertThat(directory.throttledCalls()).isEqualTo(2);
        wiremock.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.PaginationToken", equalTo("page-2"))));
    }

    @Test
    void page_throttledOnEveryAttempt_givesUpAfterTheBoundedAttempts_asATransientFailure() {
        wiremock.stubFor(listUsers().willReturn(throttled()));

        Throwable thrown = catchThrowable(() -> directory.page(POOL, "page-2", soon()));

        assertThat(thrown).isInstanceOf(UserPoolUnavailableException.class)
                .hasMessage("ListUsers failed: TooManyRequestsException (HTTP 400)");
        assertThat(((UserPoolUnavailableException) thrown).isTransient()).isTrue();
        wiremock.verify(CognitoUserDirectory.Retries.DEFAULT.maxAttempts(), postRequestedFor(urlEqualTo("/")));
    }

    /** The wait grows: with a 20 ms first wait, three attempts wait at least 10 + 20 ms (each randomised by half). */
    @Test
    void page_throttled_waitsLongerBeforeEachAttempt() {
        wiremock.stubFor(listUsers().willReturn(throttled()));
        CognitoUserDirectory slower = new CognitoUserDirectory(client,
                new CognitoUserDirectory.Retries(3, Duration.ofMillis(20), Duration.ofSeconds(2)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> slower.page(POOL, null, soon())).isInstanceOf(UserPoolUnavailableException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        wiremock.verify(3, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void page_refusedForGood_failsAtOnce_namingTheCodeOnly() {
        wiremock.stubFor(listUsers().willReturn(error("InvalidParameterException", "Pagination token is invalid for ada@example.com")));

        Throwable thrown = catchThrowable(() -> directory.page(POOL, "stale", soon()));

        assertThat(thrown).isInstanceOf(UserPoolUnavailableException.class)
                .hasMessage("ListUsers failed: InvalidParameterException (HTTP 400)");
        assertThat(((UserPoolUnavailableException) thrown).isTransient()).isFalse();
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("ada@example.com");
    }

    @Test
    void user_readsAdminGetUser() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(GET_USER)).willReturn(json("""
                {"Username":"ada","UserStatus":"FORCE_CHANGE_PASSWORD","Enabled":true,"UserCreateDate":1700000000,
                 "UserAttributes":[{"Name":"sub","Value":"s-ada"},{"Name":"email","Value":"ada@example.com"},
                                   {"Name":"email_verified","Value":"false"}]}""")));

        DirectoryUser ada = directory.user(POOL, "ada", soon()).orElseThrow();

        assertThat(ada.sub()).isEqualTo("s-ada");
        assertThat(ada.status()).isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(ada.emailVerified()).isFalse();
        assertThat(ada.identityProviders()).isEmpty();
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_USER))
                .withRequestBody(equalToJson("{\"UserPoolId\":\"" + POOL + "\",\"Username\":\"ada\"}")));
    }

    @Test
    void user_notInThePool_isEmpty() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(GET_USER))
                .willReturn(error("UserNotFoundException", "User does not exist.")));

        assertThat(directory.user(POOL, "nobody", soon())).isEmpty();
    }

    @Test
    void groups_readsEveryPage() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_GROUPS))
                .withRequestBody(matchingJsonPath("$.NextToken", absent()))
                .willReturn(json("{\"Groups\":[{\"GroupName\":\"admins\"}],\"NextToken\":\"g-2\"}")));
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(LIST_GROUPS))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("g-2")))
                .willReturn(json("{\"Groups\":[{\"GroupName\":\"beta\"}]}")));

        assertThat(directory.groups(POOL, "ada", soon())).containsExactly("admins", "beta");
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LIST_GROUPS))
                .withRequestBody(equalToJson("{\"UserPoolId\":\"" + POOL + "\",\"Username\":\"ada\",\"Limit\":60}")));
    }

    @Test
    void findByEmail_sendsAnExactQuotedFilter_andReadsEveryPage() {
        wiremock.stubFor(listUsers().withRequestBody(matchingJsonPath("$.PaginationToken", absent()))
                .willReturn(json("{\"Users\":[{\"Username\":\"ada\",\"UserStatus\":\"CONFIRMED\"}],\"PaginationToken\":\"p2\"}")));
        wiremock.stubFor(listUsers().withRequestBody(matchingJsonPath("$.PaginationToken", equalTo("p2")))
                .willReturn(json("{\"Users\":[{\"Username\":\"Google_1\",\"UserStatus\":\"EXTERNAL_PROVIDER\"}]}")));

        assertThat(directory.findByEmail(POOL, "ada@example.com", soon()))
                .extracting(DirectoryUser::username).containsExactly("ada", "Google_1");
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson(
                "{\"UserPoolId\":\"" + POOL + "\",\"Filter\":\"email = \\\"ada@example.com\\\"\",\"Limit\":60}")));
    }

    @Test
    void findBySub_sendsASubFilter() {
        wiremock.stubFor(listUsers().willReturn(json("{\"Users\":[{\"Username\":\"ada\",\"UserStatus\":\"CONFIRMED\","
                + "\"Attributes\":[{\"Name\":\"sub\",\"Value\":\"0b7e4c1a-1111-4222-8333-944455556666\"}]}]}")));

        assertThat(directory.findBySub(POOL, "0b7e4c1a-1111-4222-8333-944455556666", soon()))
                .hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("ada"));
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.Filter",
                equalTo("sub = \"0b7e4c1a-1111-4222-8333-944455556666\""))));
    }

    @Test
    void lookups_refuseAValueThatWouldBreakTheFilter_withoutACall() {
        assertThatThrownBy(() -> directory.findByEmail(POOL, "a\"@example.com", soon())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.findByEmail(POOL, "a\\@example.com", soon())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.findByEmail(POOL, "a\n@example.com", soon())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.findBySub(POOL, "s\" or x", soon())).isInstanceOf(IllegalArgumentException.class);
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void identities_thatAreNotTheDocumentedArray_giveNoProviders() {
        assertThat(CognitoUserDirectory.identityProviders("not json")).isEmpty();
        assertThat(CognitoUserDirectory.identityProviders("{\"providerName\":\"Google\"}")).isEmpty();
        assertThat(CognitoUserDirectory.identityProviders("[{\"providerName\":\"Google\"},{\"providerName\":\"SAML-Okta\"}]"))
                .containsExactly("Google", "SAML-Okta");
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder listUsers() {
        return post("/").withHeader("X-Amz-Target", equalTo(LIST_USERS));
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static ResponseDefinitionBuilder throttled() {
        return error("TooManyRequestsException", "Too many requests");
    }

    private static ResponseDefinitionBuilder error(String type, String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
