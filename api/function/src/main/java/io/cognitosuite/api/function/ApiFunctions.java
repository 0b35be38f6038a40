package io.cognitosuite.api.function;

import io.cognitosuite.api.function.internal.ApiComponents;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The API function wired exactly as in Lambda (the same composition root, settings and checks) from a given
 * environment, for code that runs it outside Lambda: the local stack's gateway and the benchmarks. The pool comes from
 * the given factory, so that whoever runs the function can close it; the Cognito client is the caller's too.
 */
public final class ApiFunctions {
    private final Map<String, String> environment;
    private final Function<DatabaseSettings, Database> databases;
    private final CognitoIdentityProviderClient cognito;
    private final Clock clock;

    /**
     * @param environment the variables the function reads, as Lambda would give them (a null value is unset)
     * @param databases   opens the function's pool from the settings its environment names (once per {@link #api()});
     *                    the caller owns and closes what it opens
     * @param cognito     the Cognito client of the admin routes (the local stack points it at its own endpoint)
     * @param clock       the function's clock
     */
    public ApiFunctions(Map<String, String> environment, Function<DatabaseSettings, Database> databases,
                        CognitoIdentityProviderClient cognito, Clock clock) {
        // A copy, since the caller's map may change later; HashMap, since Map.copyOf would refuse a null value. The
        // settings readers (EnvironmentReader) read a null value as unset, like an absent name (a password may be).
        this.environment = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(environment, "environment")));
        this.databases = Objects.requireNonNull(databases, "databases");
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new API function over a new pool.
     *
     * @throws io.cognitosuite.core.config.ConfigurationException naming every missing or bad variable
     */
    public ApiHandler api() {
        return new ApiHandler(ApiComponents.routes(environment, databases, () -> cognito), clock);
    }
}
