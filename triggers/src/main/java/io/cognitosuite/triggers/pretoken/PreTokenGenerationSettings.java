package io.cognitosuite.triggers.pretoken;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the pre-token generation trigger (besides the {@code DATABASE_*} ones).
 *
 * @param databaseBudget   {@code TOKEN_DATABASE_BUDGET_MS}, default 1500: all database work of one token
 * @param policy           {@code CLAIMS_UNAVAILABLE_POLICY}, {@code omit} (default) or {@code deny}
 * @param claimBudgetBytes {@code CLAIMS_SIZE_BUDGET_BYTES}, default 2048: added claims per token
 * @param roleScopes       {@code ROLE_SCOPES}, e.g. {@code admin=api/admin api/read;user=api/read}
 */
public record PreTokenGenerationSettings(Duration databaseBudget, ClaimsUnavailablePolicy policy, int claimBudgetBytes,
                               RoleScopes roleScopes) {
    public static final String DATABASE_BUDGET = "TOKEN_DATABASE_BUDGET_MS";
    public static final String POLICY = "CLAIMS_UNAVAILABLE_POLICY";
    public static final String CLAIM_BUDGET = "CLAIMS_SIZE_BUDGET_BYTES";
    public static final String ROLE_SCOPES = "ROLE_SCOPES";

    public PreTokenGenerationSettings {
        Objects.requireNonNull(databaseBudget, "databaseBudget");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(roleScopes, "roleScopes");
    }

    public static PreTokenGenerationSettings fromEnvironment(Map<String, String> environment) {
        EnvironmentReader env = new EnvironmentReader(environment);
        Duration budget = env.millis(DATABASE_BUDGET, 1500, 200, 4000);
        ClaimsUnavailablePolicy policy = env.choice(POLICY, ClaimsUnavailablePolicy.class, ClaimsUnavailablePolicy.OMIT);
        int claimBudget = env.integer(CLAIM_BUDGET, 2048, 512, 16_384);
        RoleScopes scopes = RoleScopes.none();
        try {
            scopes = RoleScopes.parse(env.optional(ROLE_SCOPES, ""));
        } catch (IllegalArgumentException e) {
            env.problem(ROLE_SCOPES + ": " + e.getMessage());
        }
        env.throwIfInvalid();
        return new PreTokenGenerationSettings(budget, policy, claimBudget, scopes);
    }

    /**
     * Refuses a pool whose connect timeout is not below the database budget: waiting for a connection is bounded by
     * the connect timeout, and it must leave room for the query.
     */
    public void requireConnectTimeoutWithinBudget(DatabaseSettings databaseSettings) {
        if (databaseSettings.connectTimeout().compareTo(databaseBudget) >= 0) {
            throw new ConfigurationException(List.of(DatabaseSettings.CONNECT_TIMEOUT + " ("
                    + databaseSettings.connectTimeout().toMillis() + ") must be less than " + DATABASE_BUDGET
                    + " (" + databaseBudget.toMillis() + ")"));
        }
    }
}
