package io.cognitosuite.triggers.postconfirmation;

import io.cognitosuite.core.config.EnvironmentReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the post-confirmation trigger.
 *
 * @param userConfirmedQueueUrl {@code USER_CONFIRMED_QUEUE_URL}: where {@code user.confirmed} goes
 * @param publishBudget         {@code PUBLISH_BUDGET_MS}, default 2000: total time for sending, retries included
 */
public record PostConfirmationSettings(String userConfirmedQueueUrl, Duration publishBudget) {
    public static final String QUEUE_URL = "USER_CONFIRMED_QUEUE_URL";
    public static final String PUBLISH_BUDGET = "PUBLISH_BUDGET_MS";

    public PostConfirmationSettings {
        Objects.requireNonNull(userConfirmedQueueUrl, "userConfirmedQueueUrl");
        Objects.requireNonNull(publishBudget, "publishBudget");
    }

    public static PostConfirmationSettings fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        String queueUrl = env.required(QUEUE_URL);
        Duration budget = env.millis(PUBLISH_BUDGET, 2000, 200, 4500);
        if (!queueUrl.isEmpty() && !(queueUrl.startsWith("https://") || queueUrl.startsWith("http://"))) {
            env.problem(QUEUE_URL + " must be a queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>) but is '" + queueUrl + "'");
        }
        env.throwIfInvalid();
        return new PostConfirmationSettings(queueUrl, budget);
    }
}
