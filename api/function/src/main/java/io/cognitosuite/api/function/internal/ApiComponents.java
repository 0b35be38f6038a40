package io.cognitosuite.api.function.internal;

import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.function.routes.ReadRoutes;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUserProfiles;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaceAccess;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaces;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The composition root of the API artifact: the route table from {@link ApiSettings}, {@link DatabaseSettings}, one pool
 * and the adapters over it, once per execution environment. It reads and checks nothing itself; the settings records
 * do. The pool opens on the first database call, not here (a cold start or a snapshot holds no connection).
 */
public final class ApiComponents {
    private ApiComponents() {
    }

    /** Holder idiom: the production graph is built on first use and then shared by every invocation. */
    private static final class Production {
        static final RouteTable ROUTES = routes(System.getenv(), Database::pooled, ApiComponents::cognitoClient,
                Clock.systemUTC());
    }

    /** The deployed function's routes, from {@link System#getenv()}. */
    public static RouteTable routes() {
        return Production.ROUTES;
    }

    /**
     * The routes, wired from {@code environment}.
     *
     * @param databases opens the pool from the settings the environment names (once); the caller owns what it opens
     * @param cognito   the Cognito client of the admin routes, asked for only by what needs it
     * @param clock     the clock of the admin routes' audit records
     * @throws io.cognitosuite.core.config.ConfigurationException naming every missing or bad variable
     */
    public static RouteTable routes(Map<String, String> environment, Function<DatabaseSettings, Database> databases,
                                    Supplier<CognitoIdentityProviderClient> cognito, Clock clock) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(databases, "databases");
        Objects.requireNonNull(cognito, "cognito");
        Objects.requireNonNull(clock, "clock");
        ApiSettings settings = ApiSettings.fromEnvironment(environment);
        Database database = databases.apply(DatabaseSettings.fromEnvironment(environment));
        Authorizer authorizer = new Authorizer(new JdbcAppUsers(database), new JdbcWorkspaceAccess(database),
                settings.userPoolId());
        // Seam for the admin routes (io.cognitosuite.api.function.admin: "POST /admin/users" and
        // "PUT /admin/users/{sub}/role"): they are added to this table with RouteTable.with, over the same authorizer
        // and database, with cognito.get() and the clock.
        return ReadRoutes.table(authorizer, new JdbcAppUserProfiles(database), new JdbcWorkspaces(database));
    }

    /** The production Cognito client: built one way everywhere ({@link AwsClients#configured}). */
    static CognitoIdentityProviderClient cognitoClient() {
        return AwsClients.configured(CognitoIdentityProviderClient.builder()).build();
    }
}
