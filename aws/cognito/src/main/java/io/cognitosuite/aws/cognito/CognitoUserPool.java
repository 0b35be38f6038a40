package io.cognitosuite.aws.cognito;

import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.aws.AwsFailures;
import io.cognitosuite.core.domain.PoolUser;
import io.cognitosuite.core.port.IdentityLinkRefusedException;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminLinkProviderForUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * {@link UserPool} on the Cognito Identity Provider API: {@code ListUsers} with an exact
 * {@code email = "…"} filter (every page), and {@code AdminLinkProviderForUser}. Every call gets the time left
 * before the caller's deadline as its API call timeout; there are no retries inside a sign-up. A link refused for the
 * two users themselves is an {@link IdentityLinkRefusedException}; every other failure a
 * {@link UserPoolUnavailableException}, transient or not by {@link AwsFailures#isTransient}.
 */
public final class CognitoUserPool implements UserPool {
    private static final int PAGE_SIZE = 60;
    /**
     * The AdminLinkProviderForUser errors (API reference) that belong to the two users rather than to the pool or the
     * caller: the native user already has the five linked identities Cognito allows ({@code LimitExceededException}),
     * or the two profiles' aliases conflict ({@code AliasExistsException}). Every other error (AccessDenied and
     * NotAuthorized from a missing grant, ResourceNotFound from a wrong pool, InvalidParameter, UserNotFound, ...)
     * says nothing about these users and stays a {@link UserPoolUnavailableException}.
     */
    private static final Set<String> LINK_REFUSALS_FOR_THESE_USERS = Set.of("LimitExceededException", "AliasExistsException");

    /** Below this much time left a call is not worth starting. */
    static final Duration MINIMUM_CALL = Duration.ofMillis(50);

    private final CognitoIdentityProviderClient cognito;

    public CognitoUserPool(CognitoIdentityProviderClient cognito) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
    }

    @Override
    public Optional<PoolUser> findNativeUserWithVerifiedEmail(String userPoolId, String email, Deadline deadline) {
        if (email.indexOf('"') >= 0 || email.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("email must not contain quotes or backslashes");
        }
        String token = null;
        UserType oldest = null;
        try {
            do {
                Duration left = left(deadline);
                ListUsersResponse page = cognito.listUsers(ListUsersRequest.builder()
                        .userPoolId(userPoolId)
                        .filter("email = \"" + email + "\"")
                        .limit(PAGE_SIZE)
                        .paginationToken(token)
                        .overrideConfiguration(o -> o.apiCallTimeout(left))
                        .build());
                for (UserType user : page.users()) {
                    PoolUser candidate = toPoolUser(user);
                    if (candidate.isNative() && candidate.emailVerified()
                            && (oldest == null || olderFirst().compare(user, oldest) < 0)) {
                        oldest = user;
                    }
                }
                token = page.paginationToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw unavailable("ListUsers", e);
        }
        return Optional.ofNullable(oldest).map(CognitoUserPool::toPoolUser);
    }

    @Override
    public void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName, String providerUserId,
                                      Deadline deadline) {
        try {
            cognito.adminLinkProviderForUser(AdminLinkProviderForUserRequest.builder()
                    .userPoolId(userPoolId)
                    .destinationUser(ProviderUserIdentifierType.builder()
                            .providerName("Cognito")
                            .providerAttributeValue(nativeUsername)
                            .build())
                    .sourceUser(ProviderUserIdentifierType.builder()
                            .providerName(providerName)
                            .providerAttributeName("Cognito_Subject")
                            .providerAttributeValue(providerUserId)
                            .build())
                    .overrideConfiguration(o -> o.apiCallTimeout(left(deadline)))
                    .build());
        } catch (SdkException e) {
            String api = "AdminLinkProviderForUser";
            if (e instanceof AwsServiceException && LINK_REFUSALS_FOR_THESE_USERS.contains(AwsErrorCode.of(e))) {
                throw new IdentityLinkRefusedException(api + " failed: " + AwsErrorCode.withStatus(e));
            }
            throw unavailable(api, e);
        }
    }

    private static Duration left(Deadline deadline) {
        Duration left = deadline.left();
        if (left.compareTo(MINIMUM_CALL) < 0) {
            throw new UserPoolUnavailableException("no time left for the user pool API", true);
        }
        return left;
    }

    private static Comparator<UserType> olderFirst() {
        return Comparator.comparing((UserType u) -> u.userCreateDate() == null ? Instant.MAX : u.userCreateDate())
                .thenComparing(UserType::username);
    }

    private static PoolUser toPoolUser(UserType user) {
        return new PoolUser(user.username(), UserAttributes.value(user.attributes(), "sub"),
                user.userStatusAsString() == null ? "UNKNOWN" : user.userStatusAsString(),
                UserAttributes.emailVerified(user.attributes()));
    }

    /**
     * Names the API, the error code and the HTTP status only ({@link AwsErrorCode}). Never the SDK exception's message
     * nor the exception itself as a cause: the service's message can quote the request, and the ListUsers filter holds
     * the email.
     */
    private static UserPoolUnavailableException unavailable(String api, SdkException e) {
        // The HTTP status only when the service answered; a timeout or a refused connection is named by its class.
        return new UserPoolUnavailableException(api + " failed: " + AwsErrorCode.withStatus(e), AwsFailures.isTransient(e));
    }
}
