package io.cognitosuite.aws.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.aws.AwsErrorCode;
import io.cognitosuite.aws.AwsFailures;
import io.cognitosuite.aws.DeadlineRetry;
import io.cognitosuite.core.domain.DirectoryPage;
import io.cognitosuite.core.domain.DirectoryUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.core.port.UserDirectory;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListGroupsForUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * {@link UserDirectory} on the Cognito Identity Provider API, for the support commands: {@code ListUsers} pages
 * (60 users, {@code PaginationToken}; with an exact {@code email = "…"} or {@code sub = "…"} filter for a lookup),
 * {@code AdminGetUser} and {@code AdminListGroupsForUser}.
 *
 * <p><b>Rate limit.</b> The client's own retries are off ({@link io.cognitosuite.aws.AwsClients} builds every client
 * with {@code AwsRetryStrategy.doNotRetry()}), so a throttled call is seen here, not hidden in the SDK. Each call is
 * made through one {@link DeadlineRetry}: a transient failure by {@link AwsFailures#isTransient} (Cognito's
 * {@code TooManyRequestsException}, HTTP 5xx, no answer) is tried again, the same request with the same
 * {@code PaginationToken}, after a jittered exponential wait ({@link Retries}: by default 8 attempts, waits from
 * 250 ms doubling, each randomised by half, about 30 s in all), and never past the caller's deadline. Reads only, so
 * repeating one is harmless. A failure that is not transient (denied access, a wrong pool, a stale token) is not
 * retried.
 *
 * <p>Failures are {@link UserPoolUnavailableException}s naming the API and the error code only ({@link AwsErrorCode}):
 * the SDK's message can quote the filter, and with it the email.
 *
 * <p>It lives beside {@link CognitoUserPool} rather than in {@code tools} because it is the one place that knows
 * Cognito's wire shapes (attributes, the {@code identities} JSON, filters); its classes add a few kilobytes, and no
 * dependency, to the triggers' artifact, which already holds this module and its SDK client.
 */
public final class CognitoUserDirectory implements UserDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(CognitoUserDirectory.class);
    /** ListUsers' largest page. */
    static final int PAGE_SIZE = 60;
    /** AdminListGroupsForUser's largest page. */
    static final int GROUPS_PAGE_SIZE = 60;
    /**
     * A value this adapter puts between the quotes of a filter: no quote, no backslash, no control character. Cognito
     * documents no escape inside a filter value, so a value that would need one is refused rather than guessed at.
     */
    private static final Pattern FILTER_VALUE = Pattern.compile("[^\"\\\\\\p{Cntrl}]{1,2048}");
    /** A {@code sub}: a UUID in Cognito; letters, digits and dashes elsewhere (emulators). */
    private static final Pattern SUB = Pattern.compile("[0-9A-Za-z-]{1,128}");

    /** Whether {@link #findBySub} takes this as a sub (the one rule: {@code users show} asks it too). */
    public static boolean isSubShaped(String value) {
        return value != null && SUB.matcher(value).matches();
    }

    private final CognitoIdentityProviderClient cognito;
    private final DeadlineRetry retry;
    private final LongAdder throttled = new LongAdder();

    /** With the {@link Retries#DEFAULT} retries. */
    public CognitoUserDirectory(CognitoIdentityProviderClient cognito) {
        this(cognito, Retries.DEFAULT);
    }

    public CognitoUserDirectory(CognitoIdentityProviderClient cognito, Retries retries) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        Objects.requireNonNull(retries, "retries");
        this.retry = DeadlineRetry.builder("cognito-user-directory")
                .maxAttempts(retries.maxAttempts())
                .firstBackoff(retries.firstBackoff())
                .minimumAttempt(Duration.ofMillis(100))
                .attemptTimeout(retries.attemptTimeout())
                .retryOn(this::retryable)
                .build();
    }

    /**
     * How often a call is tried and how long it waits in between.
     *
     * @param maxAttempts    attempts in all, the first included (at least 1)
     * @param firstBackoff   the wait before the second attempt; later waits double, each randomised by half
     * @param attemptTimeout the longest one attempt may take
     */
    public record Retries(int maxAttempts, Duration firstBackoff, Duration attemptTimeout) {
        /** 8 attempts, the first wait 250 ms: a run rides out about 30 s of throttling per call. */
        public static final Retries DEFAULT = new Retries(8, Duration.ofMillis(250), Duration.ofSeconds(10));

        public Retries {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 but is " + maxAttempts);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            if (firstBackoff.isNegative()) {
                throw new IllegalArgumentException("firstBackoff must not be negative but is " + firstBackoff.toMillis() + " ms");
            }
            Objects.requireNonNull(attemptTimeout, "attemptTimeout");
            if (attemptTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("attemptTimeout must be at least 100 ms but is " + attemptTimeout.toMillis() + " ms");
            }
        }

        /** The same, with another first wait (a test's short one, or a gentler run's longer one). */
        public Retries withFirstBackoff(Duration firstBackoff) {
            return new Retries(maxAttempts, firstBackoff, attemptTimeout);
        }
    }

    /** How many calls the pool throttled so far (each was waited for and tried again, or failed the call). */
    public long throttledCalls() {
        return throttled.sum();
    }

    @Override
    public DirectoryPage page(String userPoolId, String paginationToken, Deadline deadline) {
        ListUsersResponse page = call("ListUsers", deadline, timeout -> cognito.listUsers(r -> r
                .userPoolId(userPoolId)
                .limit(PAGE_SIZE)
                .paginationToken(paginationToken)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))));
        return new DirectoryPage(page.users().stream().map(CognitoUserDirectory::fromListed).toList(), page.paginationToken());
    }

    @Override
    public Optional<DirectoryUser> user(String userPoolId, String username, Deadline deadline) {
        try {
            AdminGetUserResponse user = call("AdminGetUser", deadline, timeout -> cognito.adminGetUser(r -> r
                    .userPoolId(userPoolId)
                    .username(username)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))));
            return Optional.of(new DirectoryUser(user.username(), UserAttributes.value(user.userAttributes(), "sub"),
                    status(user.userStatusAsString()), Boolean.TRUE.equals(user.enabled()), user.userCreateDate(),
                    user.userLastModifiedDate(), UserAttributes.value(user.userAttributes(), "email"),
                    UserAttributes.emailVerified(user.userAttributes()),
                    identityProviders(UserAttributes.value(user.userAttributes(), "identities"))));
        } catch (UserNotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> groups(String userPoolId, String username, Deadline deadline) {
        List<String> groups = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                AdminListGroupsForUserResponse page = call("AdminListGroupsForUser", deadline, timeout ->
                        cognito.adminListGroupsForUser(r -> r
                                .userPoolId(userPoolId)
                                .username(username)
                                .limit(GROUPS_PAGE_SIZE)
                                .nextToken(next)
                                .overrideConfiguration(o -> o.apiCallTimeout(timeout))));
                page.groups().stream().map(GroupType::groupName).forEach(groups::add);
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (UserNotFound e) {
            return List.of();
        }
        return List.copyOf(groups);
    }

    @Override
    public List<DirectoryUser> findByEmail(String userPoolId, String email, Deadline deadline) {
        return filtered(userPoolId, "email", email, deadline);
    }

    @Override
    public Optional<DirectoryUser> findBySub(String userPoolId, String sub, Deadline deadline) {
        if (sub == null || !SUB.matcher(sub).matches()) {
            throw new IllegalArgumentException("sub must be letters, digits and dashes (at most 128)");
        }
        // A sub is unique in a pool: the first match is the user.
        return filtered(userPoolId, "sub", sub, deadline).stream().findFirst();
    }

    /** Every page of {@code ListUsers} with the exact filter {@code attribute = "value"}. */
    private List<DirectoryUser> filtered(String userPoolId, String attribute, String value, Deadline deadline) {
        if (value == null || !FILTER_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(attribute + " must not be empty nor contain quotes, backslashes or control characters");
        }
        String filter = attribute + " = \"" + value + "\"";
        List<DirectoryUser> users = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListUsersResponse page = call("ListUsers", deadline, timeout -> cognito.listUsers(r -> r
                    .userPoolId(userPoolId)
                    .filter(filter)
                    .limit(PAGE_SIZE)
                    .paginationToken(next)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))));
            page.users().stream().map(CognitoUserDirectory::fromListed).forEach(users::add);
            token = page.paginationToken();
        } while (token != null && !token.isEmpty());
        return List.copyOf(users);
    }

    /** One call through the retry; its SDK failure becomes a {@link UserPoolUnavailableException}. */
    private <T> T call(String api, Deadline deadline, java.util.function.Function<Duration, T> request) {
        Supplier<T> attempt = () -> request.apply(retry.callTimeout(deadline)
                .orElseThrow(() -> new UserPoolUnavailableException(api + " failed: no time left", true)));
        try {
            return retry.call(deadline, attempt);
        } catch (SdkException e) {
            if ("UserNotFoundException".equals(AwsErrorCode.of(e)) && e instanceof AwsServiceException) {
                throw new UserNotFound();
            }
            // The HTTP status only when the service answered; a timeout or a refused connection is named by its class.
            throw new UserPoolUnavailableException(api + " failed: " + AwsErrorCode.withStatus(e), AwsFailures.isTransient(e));
        }
    }

    private boolean retryable(Throwable e) {
        boolean transientFailure = AwsFailures.isTransient(e);
        if (transientFailure && e instanceof SdkException sdk) {
            if ("TooManyRequestsException".equals(AwsErrorCode.of(sdk))
                    || (sdk instanceof AwsServiceException service && service.isThrottlingException())) {
                throttled.increment();
            }
            LOG.warn("user pool call failed transiently ({}), backing off and trying the same request again",
                    AwsErrorCode.withStatus(sdk));
        }
        return transientFailure;
    }

    private static DirectoryUser fromListed(UserType user) {
        List<AttributeType> attributes = user.attributes();
        return new DirectoryUser(user.username(), UserAttributes.value(attributes, "sub"),
                status(user.userStatusAsString()), Boolean.TRUE.equals(user.enabled()), user.userCreateDate(),
                user.userLastModifiedDate(), UserAttributes.value(attributes, "email"),
                UserAttributes.emailVerified(attributes), identityProviders(UserAttributes.value(attributes, "identities")));
    }

    private static String status(String status) {
        return status == null || status.isEmpty() ? "UNKNOWN" : status;
    }

    /**
     * The {@code providerName}s of the {@code identities} attribute, a JSON array Cognito writes for linked and
     * federated users ({@code [{"userId":"…","providerName":"Google","providerType":"Google",…}]}). Only the names:
     * the provider's user id is personal data. An attribute that is not such an array gives no names; it is shown,
     * never acted on.
     */
    static List<String> identityProviders(String identities) {
        if (identities == null || identities.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = Json.parse(identities);
        } catch (MalformedJsonException e) {
            return List.of();
        }
        if (!array.isArray()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode identity : array) {
            JsonNode name = identity.path("providerName");
            if (name.isTextual() && !name.asText().isBlank()) {
                names.add(name.asText());
            }
        }
        return List.copyOf(names);
    }

    /** The user does not exist: a lookup's empty answer, not a failure. */
    private static final class UserNotFound extends RuntimeException {
        UserNotFound() {
            super(null, null, false, false);
        }
    }
}
