package io.cognitosuite.triggers.postauthentication;

import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the post-authentication trigger (besides the {@code DATABASE_*} ones).
 *
 * @param databaseBudget {@code SIGN_IN_DATABASE_BUDGET_MS}, default 500, 400 to 2000: all database work of one
 *                       sign-in; the pool's connect timeout is cut to fit inside it ({@link #databaseSettings})
 */
public record PostAuthenticationSettings(Duration databaseBudget) {
    public static final String SIGN_IN_BUDGET = "SIGN_IN_DATABASE_BUDGET_MS";

    public PostAuthenticationSettings {
        Objects.requireNonNull(databaseBudget, "databaseBudget");
    }

    public static PostAuthenticationSettings fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        Duration budget = env.millis(SIGN_IN_BUDGET, 500, 400, 2000);
        env.throwIfInvalid();
        return new PostAuthenticationSettings(budget);
    }

    /**
     * The pool settings this trigger opens its pool with: {@code base} with the connect timeout cut to 80% of
     * {@link #databaseBudget()}, so that waiting for a connection alone cannot use the whole budget.
     */
    public DatabaseSettings databaseSettings(DatabaseSettings base) {
        return base.withConnectTimeoutAtMost(Duration.ofMillis(databaseBudget.toMillis() * 4 / 5));
    }
}
