package io.cognitosuite.triggers.internal;

import io.cognitosuite.common.config.ConfigurationException;
import io.cognitosuite.common.config.DatabaseSettings;
import io.cognitosuite.common.db.Database;
import io.cognitosuite.common.jdbc.JdbcAppUsers;
import io.cognitosuite.common.jdbc.JdbcUserAuthorizations;
import io.cognitosuite.common.observability.EmfMetrics;
import io.cognitosuite.common.port.Metrics;
import io.cognitosuite.common.sqs.AwsClients;
import io.cognitosuite.common.sqs.SqsWorkQueue;
import io.cognitosuite.common.trigger.TriggerProcessor;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationService;
import io.cognitosuite.triggers.pretoken.ClaimsComposer;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationService;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Builds the production objects of the triggers artifact from the environment, once per execution
 * environment and only for the trigger that is actually deployed in it.
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
        PostConfirmationSettings settings = PostConfirmationSettings.fromEnvironment(environment);
        return new PostConfirmationService(new SqsWorkQueue(AwsClients.sqs(), settings.userConfirmedQueueUrl(), clock),
                settings.publishBudget());
    }

    private static final class PreTokenGeneration {
        static final PreTokenGenerationService SERVICE = preTokenGenerationService(System.getenv(), Clock.systemUTC());
    }

    public static PreTokenGenerationService preTokenGenerationService() {
        return PreTokenGeneration.SERVICE;
    }

    public static PreTokenGenerationService preTokenGenerationService(Map<String, String> environment, Clock clock) {
        PreTokenSettings settings = PreTokenSettings.fromEnvironment(environment);
        DatabaseSettings databaseSettings = DatabaseSettings.fromEnvironment(environment);
        if (databaseSettings.connectTimeout().compareTo(settings.databaseBudget()) >= 0) {
            // Waiting for a connection is bounded by the connect timeout; it must leave room for the query.
            throw new ConfigurationException(List.of(DatabaseSettings.CONNECT_TIMEOUT + " ("
                    + databaseSettings.connectTimeout().toMillis() + ") must be less than " + PreTokenSettings.DATABASE_BUDGET
                    + " (" + settings.databaseBudget().toMillis() + ")"));
        }
        Database database = Database.pooled(databaseSettings);
        return new PreTokenGenerationService(new JdbcUserAuthorizations(database), new JdbcAppUsers(database),
                new ClaimsComposer(settings.claimBudgetBytes(), settings.roleScopes()), settings.policy(),
                settings.databaseBudget(), clock);
    }

    public static TriggerProcessor processor(String function) {
        return new TriggerProcessor(function, metrics(), Clock.systemUTC());
    }

    private static Metrics metrics() {
        return new EmfMetrics();
    }
}
