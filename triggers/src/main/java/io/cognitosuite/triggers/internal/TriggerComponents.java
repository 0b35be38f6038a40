package io.cognitosuite.triggers.internal;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.aws.cognito.CognitoUserPool;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.aws.sqs.SqsWorkQueue;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcSignIns;
import io.cognitosuite.postgres.jdbc.JdbcUserAuthorizations;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationService;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationSettings;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationService;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationSettings;
import io.cognitosuite.triggers.presignup.PreSignUpService;
import io.cognitosuite.triggers.presignup.PreSignUpSettings;
import io.cognitosuite.triggers.pretoken.ClaimsComposer;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationService;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationSettings;
import io.cognitosuite.triggers.runtime.Priming;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The composition root of the triggers artifact: builds each trigger's service from its {@code XxxSettings} and
 * the adapters it calls, once per execution environment and only for the trigger that is actually deployed in it.
 * It reads and checks nothing itself; the settings records do. Code outside this artifact (the local stack) goes
 * through {@link io.cognitosuite.triggers.TriggerFunctions}.
 */
public final class TriggerComponents {
    private TriggerComponents() {
    }

    /** Holder idiom: the post-confirmation graph is built on first use and then shared. */
    private static final class PostConfirmation {
        static final PostConfirmationService SERVICE = postConfirmationService(System.getenv(), Clock.systemUTC());
    }

    public static PostConfirmationService postConfirmationService() {
        return PostConfirmation.SERVICE;
    }

    public static PostConfirmationService postConfirmationService(Map<String, String> environment, Clock clock) {
        return postConfirmationService(environment, AwsClients.configured(SqsClient.builder()).build(), clock);
    }

    /** The same, over a given SQS client (the local stack points it at its own server). */
    public static PostConfirmationService postConfirmationService(Map<String, String> environment, SqsClient sqs, Clock clock) {
        PostConfirmationSettings settings = PostConfirmationSettings.fromEnvironment(environment);
        return new PostConfirmationService(new SqsWorkQueue(sqs, settings.userConfirmedQueueUrl()),
                settings.publishBudget(), clock);
    }

    private static final class PreTokenGeneration {
        static final PreTokenGenerationService SERVICE = preTokenGenerationService(System.getenv(), Clock.systemUTC());
    }

    public static PreTokenGenerationService preTokenGenerationService() {
        return PreTokenGeneration.SERVICE;
    }

    public static PreTokenGenerationService preTokenGenerationService(Map<String, String> environment, Clock clock) {
        return preTokenGenerationService(environment, Database::pooled, clock);
    }

    /** The same, opening its pool through {@code databases} (the local stack keeps the pools it must close). */
    public static PreTokenGenerationService preTokenGenerationService(Map<String, String> environment,
                                                                      Function<DatabaseSettings, Database> databases,
                                                                      Clock clock) {
        PreTokenGenerationSettings settings = PreTokenGenerationSettings.fromEnvironment(environment);
        DatabaseSettings databaseSettings = DatabaseSettings.fromEnvironment(environment);
        settings.requireConnectTimeoutWithinBudget(databaseSettings);
        Database database = databases.apply(databaseSettings);
        return new PreTokenGenerationService(new JdbcUserAuthorizations(database), new JdbcAppUsers(database),
                new ClaimsComposer(settings.claimBudgetBytes(), settings.roleScopes()), settings.policy(),
                settings.databaseBudget(), clock);
    }

    private static final class PostAuthentication {
        static final PostAuthenticationService SERVICE = postAuthenticationService(System.getenv(), Clock.systemUTC());
    }

    public static PostAuthenticationService postAuthenticationService() {
        return PostAuthentication.SERVICE;
    }

    public static PostAuthenticationService postAuthenticationService(Map<String, String> environment, Clock clock) {
        return postAuthenticationService(environment, Database::pooled, clock);
    }

    /** The same, opening its pool through {@code databases} (the local stack keeps the pools it must close). */
    public static PostAuthenticationService postAuthenticationService(Map<String, String> environment,
                                                                      Function<DatabaseSettings, Database> databases,
                                                                      Clock clock) {
        PostAuthenticationSettings settings = PostAuthenticationSettings.fromEnvironment(environment);
        DatabaseSettings databaseSettings = settings.databaseSettings(DatabaseSettings.fromEnvironment(environment));
        return new PostAuthenticationService(new JdbcSignIns(databases.apply(databaseSettings)), settings.databaseBudget(),
                clock);
    }

    private static final class PreSignUp {
        static final PreSignUpService SERVICE = preSignUpService(System.getenv(), Clock.systemUTC());
    }

    public static PreSignUpService preSignUpService() {
        return PreSignUp.SERVICE;
    }

    /** Pre-sign-up uses no database; the Cognito client is only built when the federated strategy needs it. */
    public static PreSignUpService preSignUpService(Map<String, String> environment, Clock clock) {
        PreSignUpSettings settings = PreSignUpSettings.fromEnvironment(environment);
        UserPool userPool = settings.needsUserPool()
                ? new CognitoUserPool(AwsClients.configured(CognitoIdentityProviderClient.builder()).build())
                : new UnusedUserPool();
        return new PreSignUpService(settings, userPool, clock);
    }

    /** Stands in when the strategy is off: the service never calls it, and says so loudly if it did. */
    private static final class UnusedUserPool implements UserPool {
        @Override
        public java.util.Optional<io.cognitosuite.core.domain.PoolUser> findNativeUserWithVerifiedEmail(
                String userPoolId, String email, Deadline deadline) {
            throw new IllegalStateException("FEDERATED_ACCOUNTS is off: the user pool API is not configured");
        }

        @Override
        public void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName,
                                          String providerUserId, Deadline deadline) {
            throw new IllegalStateException("FEDERATED_ACCOUNTS is off: the user pool API is not configured");
        }
    }

    /** The invocation wrapper of a deployed trigger, primed (no network) before the first request or snapshot. */
    public static TriggerProcessor processor(String function) {
        Priming.prime();
        return new TriggerProcessor(function, new EmfMetrics(), Clock.systemUTC());
    }
}
