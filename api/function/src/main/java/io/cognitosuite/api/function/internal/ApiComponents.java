package io.cognitosuite.api.function.internal;

import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.function.admin.AdminRoutes;
import io.cognitosuite.api.function.routes.ReadRoutes;
import io.cognitosuite.aws.cognito.CognitoUserInvitations;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.port.UserInvitations;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAdminUserChanges;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUserProfiles;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaceAccess;
import io.cognitosuite.postgres.jdbc.JdbcWorkspaces;
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
        static final RouteTable ROUTES = routes(System.getenv(), Database::pooled, ApiComponents::cognitoClient);
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
     * @throws io.cognitosuite.core.config.ConfigurationException naming every missing or bad variable
     */
    public static RouteTable routes(Map<String, String> environment, Function<DatabaseSettings, Database> databases,
                                    Supplier<CognitoIdentityProviderClient> cognito) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(databases, "databases");
        Objects.requireNonNull(cognito, "cognito");
        ApiSettings settings = ApiSettings.fromEnvironment(environment);
        Database database = databases.apply(DatabaseSettings.fromEnvironment(environment));
        Authorizer authorizer = new Authorizer(new JdbcAppUsers(database), new JdbcWorkspaceAccess(database),
                settings.userPoolId());
        // The Cognito client is built on the first invitation, not here: no other route calls Cognito.
        UserInvitations invitations = new LazyInvitations(cognito);
        AdminRoutes admin = new AdminRoutes(authorizer, new JdbcAdminUserChanges(database), invitations,
                settings.userPoolId());
        return admin.addTo(ReadRoutes.table(authorizer, new JdbcAppUserProfiles(database), new JdbcWorkspaces(database)));
    }

    /** {@link CognitoUserInvitations} over the client {@code cognito} supplies, asked for on the first invitation. */
    private static final class LazyInvitations implements UserInvitations {
        private final Supplier<CognitoIdentityProviderClient> cognito;
        private volatile UserInvitations invitations;

        LazyInvitations(Supplier<CognitoIdentityProviderClient> cognito) {
            this.cognito = cognito;
        }

        @Override
        public InvitedUser invite(String userPoolId, String email, Deadline deadline) {
            UserInvitations current = invitations;
            if (current == null) {
                synchronized (this) {
                    if (invitations == null) {
                        invitations = new CognitoUserInvitations(cognito.get());
                    }
                    current = invitations;
                }
            }
            return current.invite(userPoolId, email, deadline);
        }
    }

    /** The production Cognito client: built one way everywhere ({@link AwsClients#configured}). */
    static CognitoIdentityProviderClient cognitoClient() {
        return AwsClients.configured(CognitoIdentityProviderClient.builder()).build();
    }
}
