package io.cognitosuite.aws.cognito;

import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.aws.AwsFailures;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.port.InvitationRefusedException;
import io.cognitosuite.core.port.UserAlreadyExistsException;
import io.cognitosuite.core.port.UserInvitations;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * {@link UserInvitations} on Cognito's {@code AdminCreateUser}: {@code Username} is the email (the suite's pools sign
 * in by email, {@code UsernameAttributes: [email]}, so Cognito generates the pool user name and keeps the email as the
 * sign-in name), attributes {@code email} and {@code email_verified=true}, delivery by {@code EMAIL}, and no
 * {@code MessageAction} and no {@code TemporaryPassword}: Cognito generates the password and sends the invitation.
 *
 * <p>One attempt, with the time left before the caller's deadline as its API call timeout, never retried:
 * {@code AdminCreateUser} is not idempotent (a retry of a call that timed out after Cognito created the user fails
 * with {@code UsernameExistsException}), so the caller answers and the administrator decides.
 *
 * <p>Errors: {@code UsernameExistsException} → {@link UserAlreadyExistsException}; {@code UserLambdaValidationException}
 * (the pre-sign-up trigger refused the email) and {@code InvalidParameterException} (the pool refuses the value) →
 * {@link InvitationRefusedException}; everything else → {@link UserPoolUnavailableException}, transient by
 * {@link AwsFailures#isTransient} (throttling, 5xx, no answer). Each names the API, the error code and the HTTP status,
 * never the SDK's message, which can quote the email.
 */
public final class CognitoUserInvitations implements UserInvitations {
    static final String API = "AdminCreateUser";
    private static final Set<String> REFUSED_FOR_THIS_EMAIL = Set.of("UserLambdaValidationException",
            "InvalidParameterException");
    /** Below this much time left the call is not worth starting. */
    static final Duration MINIMUM_CALL = Duration.ofMillis(50);

    private final CognitoIdentityProviderClient cognito;

    public CognitoUserInvitations(CognitoIdentityProviderClient cognito) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
    }

    @Override
    public InvitedUser invite(String userPoolId, String email, Deadline deadline) {
        Objects.requireNonNull(userPoolId, "userPoolId");
        Objects.requireNonNull(email, "email");
        Duration left = deadline.left();
        if (left.compareTo(MINIMUM_CALL) < 0) {
            throw new UserPoolUnavailableException("no time left for the user pool API", true);
        }
        AdminCreateUserResponse response;
        try {
            response = cognito.adminCreateUser(AdminCreateUserRequest.builder()
                    .userPoolId(userPoolId)
                    .username(email)
                    .userAttributes(attribute("email", email), attribute("email_verified", "true"))
                    .desiredDeliveryMediums(DeliveryMediumType.EMAIL)
                    .overrideConfiguration(o -> o.apiCallTimeout(left))
                    .build());
        } catch (SdkException e) {
            String failed = API + " failed: " + AwsErrorCode.withStatus(e);
            if (e instanceof AwsServiceException) {
                String code = AwsErrorCode.of(e);
                if ("UsernameExistsException".equals(code)) {
                    throw new UserAlreadyExistsException(failed);
                }
                if (REFUSED_FOR_THIS_EMAIL.contains(code)) {
                    throw new InvitationRefusedException(failed);
                }
            }
            throw new UserPoolUnavailableException(failed, AwsFailures.isTransient(e));
        }
        return invited(response.user());
    }

    /**
     * The created user's name, {@code sub} and verification state. An answer without a user or a {@code sub} cannot be
     * recorded: a permanent failure, though Cognito may have created the user (reconcile finds it).
     */
    private static InvitedUser invited(UserType user) {
        if (user == null || user.username() == null) {
            throw new UserPoolUnavailableException(API + " answered without a user", false);
        }
        String sub = UserAttributes.value(user.attributes(), "sub");
        if (sub == null || sub.isBlank()) {
            throw new UserPoolUnavailableException(API + " answered without a sub", false);
        }
        return new InvitedUser(user.username(), sub, UserAttributes.emailVerified(user.attributes()));
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
