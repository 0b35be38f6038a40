package io.cognitosuite.api.function.internal;

import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.UserConfirmed;
import java.util.Map;

/**
 * Settings of the API function (besides the {@code DATABASE_*} ones, which {@code DatabaseSettings} reads;
 * {@code LOG_LEVEL} is the logging configuration's).
 *
 * @param userPoolId {@code USER_POOL_ID}, required: the stage's user pool, whose tokens the gateway's JWT authorizer
 *                   accepts, and the pool of the app users this API creates on a first call. Checked with the rule
 *                   every stored user's pool id follows ({@link UserConfirmed#requireStorableUserPoolId}), so a wrong
 *                   value fails the start, not the first new user.
 */
public record ApiSettings(String userPoolId) {
    public static final String USER_POOL_ID = "USER_POOL_ID";

    public ApiSettings {
        UserConfirmed.requireStorableUserPoolId(userPoolId);
    }

    /** @throws io.cognitosuite.core.config.ConfigurationException naming every missing or bad variable */
    public static ApiSettings fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        String userPoolId = env.required(USER_POOL_ID);
        if (!userPoolId.isEmpty()) {
            try {
                UserConfirmed.requireStorableUserPoolId(userPoolId);
            } catch (InvalidUserConfirmedException e) {
                // The rule, not the value (a misplaced secret must not reach the log).
                env.problem(USER_POOL_ID + " must be a Cognito user pool id (<region>_<id>, at most 55 characters)");
            }
        }
        env.throwIfInvalid();
        return new ApiSettings(userPoolId);
    }
}
