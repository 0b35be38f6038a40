package io.cognitosuite.aws.cognito;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.port.InvitationRefusedException;
import io.cognitosuite.core.port.UserAlreadyExistsException;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.testing.SqsTestClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The real SDK client against WireMock speaking Cognito's AWS JSON 1.1 wire protocol: AdminCreateUser. */
class CognitoUserInvitationsIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final String CREATE = "AWSCognitoIdentityProviderService.AdminCreateUser";
    private static final String EMAIL = "ada@example.com";
    private static final String SUB = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";

    private static WireMockServer wiremock;
    private static CognitoIdentityProviderClient client;
    private CognitoUserInvitations invitations;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        client = SqsTestClients.local(CognitoIdentityProviderClient.builder(), URI.create(wiremock.baseUrl())).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        wiremock.stop();
    }

    @BeforeEach
    void reset() {
        wiremock.resetAll();
        invitations = new CognitoUserInvitations(client);
    }

    @Test
    void invite_sendsTheEmailAsUsername_verified_byEmail_andReadsTheGeneratedNameAndSub() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(CREATE)).willReturn(json("""
                {"User":{"Username":"%s","UserStatus":"FORCE_CHANGE_PASSWORD","Enabled":true,
                         "UserCreateDate":1764608100,
                         "Attributes":[{"Name":"sub","Value":"%s"},{"Name":"email","Value":"%s"},
                                       {"Name":"email_verified","Value":"true"}]}}""".formatted(SUB, SUB, EMAIL))));

        InvitedUser invited = invitations.invite(POOL, EMAIL, twoSeconds());

        assertThat(invited).isEqualTo(new InvitedUser(SUB, SUB, true));
        wiremock.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(CREATE))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("""
                        {"UserPoolId":"%s","Username":"%s",
                         "UserAttributes":[{"Name":"email","Value":"%s"},{"Name":"email_verified","Value":"true"}],
                         "DesiredDeliveryMediums":["EMAIL"]}""".formatted(POOL, EMAIL, EMAIL))));
    }

    @Test
    void invite_ofAnExistingSignInName_isUserAlreadyExists_namingOnlyTheCode() {
        stubError(400, "UsernameExistsException", "An account with the email " + EMAIL + " already exists.");

        Throwable thrown = catchThrowable(() -> invitations.invite(POOL, EMAIL, twoSeconds()));

        assertThat(thrown).isInstanceOf(UserAlreadyExistsException.class)
                .hasMessage("AdminCreateUser failed: UsernameExistsException (HTTP 400)");
        assertThat(traceOf(thrown)).doesNotContain(EMAIL);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UserLambdaValidationException", "InvalidParameterException"})
    void invite_refusedForThisEmail_isInvitationRefused(String code) {
        stubError(400, code, "PreSignUp failed with error Sign-up is not possible with this email address " + EMAIL);

        Throwable thrown = catchThrowable(() -> invitations.invite(POOL, EMAIL, twoSeconds()));

        assertThat(thrown).isInstanceOf(InvitationRefusedException.class)
                .hasMessage("AdminCreateUser failed: " + code + " (HTTP 400)");
        assertThat(traceOf(thrown)).doesNotContain(EMAIL);
    }

    @Test
    void invite_throttled_isTransientlyUnavailable_andNotRetried() {
        stubError(400, "TooManyRequestsException", "Too many requests");

        Throwable thrown = catchThrowable(() -> invitations.invite(POOL, EMAIL, twoSeconds()));

        assertThat(thrown).isInstanceOfSatisfying(UserPoolUnavailableException.class,
                e -> assertThat(e.isTransient()).isTrue())
                .hasMessage("AdminCreateUser failed: TooManyRequestsException (HTTP 400)");
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void invite_serverError_isTransientlyUnavailable() {
        stubError(500, "InternalErrorException", "boom");

        assertThatThrownBy(() -> invitations.invite(POOL, EMAIL, twoSeconds()))
                .isInstanceOfSatisfying(UserPoolUnavailableException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedException", "ResourceNotFoundException"})
    void invite_refusedForAConfigurationFault_isPermanentlyUnavailable(String code) {
        stubError(400, code, "User " + EMAIL + " may not");

        Throwable thrown = catchThrowable(() -> invitations.invite(POOL, EMAIL, twoSeconds()));

        assertThat(thrown).isInstanceOfSatisfying(UserPoolUnavailableException.class,
                e -> assertThat(e.isTransient()).isFalse());
        assertThat(traceOf(thrown)).doesNotContain(EMAIL);
    }

    @Test
    void invite_answeredWithoutASub_isAPermanentFailure() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(CREATE))
                .willReturn(json("{\"User\":{\"Username\":\"x\",\"Attributes\":[]}}")));

        assertThatThrownBy(() -> invitations.invite(POOL, EMAIL, twoSeconds()))
                .isInstanceOfSatisfying(UserPoolUnavailableException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessage("AdminCreateUser answered without a sub");
    }

    @Test
    void invite_slowerThanTheDeadline_failsInTime_asTransient() {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(CREATE))
                .willReturn(json("{}").withFixedDelay(3000)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> invitations.invite(POOL, EMAIL, Deadline.after(Duration.ofMillis(400), Clock.systemUTC())))
                .isInstanceOfSatisfying(UserPoolUnavailableException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void invite_withNoTimeLeft_callsNothing() {
        assertThatThrownBy(() -> invitations.invite(POOL, EMAIL, Deadline.after(Duration.ZERO, Clock.systemUTC())))
                .isInstanceOf(UserPoolUnavailableException.class);
        wiremock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    private static Deadline twoSeconds() {
        return Deadline.after(Duration.ofSeconds(2), Clock.systemUTC());
    }

    private static void stubError(int status, String code, String message) {
        wiremock.stubFor(post("/").withHeader("X-Amz-Target", equalTo(CREATE)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}")));
    }

    private static String traceOf(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
