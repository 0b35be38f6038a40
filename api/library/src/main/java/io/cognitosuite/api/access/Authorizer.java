package io.cognitosuite.api.access;

import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.WorkspaceAccess;
import io.cognitosuite.core.time.Deadline;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The permission checks of an API, all read from the app database: who the caller is (by the verified {@code sub}
 * only), their role in a workspace, and whether they are an app admin. Token claims (groups, roles, ids) and ids in a
 * path or body decide nothing. Fails closed: every check that cannot be made refuses, and a database failure is a
 * {@link DataAccessException} (the API answers 500).
 */
public final class Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    // Strict: UUID.fromString also accepts short forms such as "1-2-3-4-5".
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AppUsers appUsers;
    private final WorkspaceAccess access;
    private final String userPoolId;

    /**
     * @param userPoolId the stage's user pool, the one the gateway's JWT authorizer trusts as issuer: the pool of the
     *                   users this API creates on their first call ({@code AuthContext} does not carry {@code iss})
     */
    public Authorizer(AppUsers appUsers, WorkspaceAccess access, String userPoolId) {
        this.appUsers = Objects.requireNonNull(appUsers, "appUsers");
        this.access = Objects.requireNonNull(access, "access");
        UserConfirmed.requireStorableUserPoolId(userPoolId);
        this.userPoolId = userPoolId;
    }

    /**
     * The caller's app user, found by {@code cognitoSub} in one statement, or created first when missing (a user an
     * administrator created never fires post-confirmation) through {@link AppUsers#provision}, the consumer's and
     * pre-token generation's idempotent path: concurrent first calls end with one row, one personal workspace and one
     * {@code app_user.created} event.
     *
     * @throws AccessRefusedException 401 {@code unstorable_user} when the user is missing and the token's claims cannot
     *                                be stored (nothing is written)
     * @throws DataAccessException    when the database fails or the deadline passes
     */
    public Caller identify(AuthContext auth, Deadline deadline) throws AccessRefusedException {
        return identify(auth, deadline, CallerLookup.of(access::appUser, standing -> standing)).caller();
    }

    /**
     * {@link #identify(AuthContext, Deadline)} with the caller read by the route's own {@code lookup}, which reads what
     * the route answers with in the same statement (a profile with its memberships, say): an existing user costs that
     * one statement. A missing user is created as there, then read again with the lookup.
     *
     * @throws AccessRefusedException 401 {@code unstorable_user} when the user is missing and the token's claims cannot
     *                                be stored (nothing is written); 403 {@code not_a_user} for a client-credentials
     *                                token (its {@code sub} is its {@code client_id}), before any database call
     * @throws DataAccessException    when the database fails or the deadline passes
     */
    public <P> Identified<P> identify(AuthContext auth, Deadline deadline, CallerLookup<P> lookup)
            throws AccessRefusedException {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(lookup, "lookup");
        if (auth.cognitoSub().equals(auth.clientId())) {
            // A client-credentials token: Cognito sets its sub to the app client's id. It is a machine, not a user, so
            // it gets no app user (no row, no personal workspace, no app_user.created), before anything is read.
            throw new AccessRefusedException(ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_USER);
        }
        Optional<P> found = lookup.find(auth.cognitoSub(), deadline);
        if (found.isPresent()) {
            return identified(auth, lookup, found.get());
        }
        appUsers.provision(List.of(newAppUser(auth)), deadline);
        P created = lookup.find(auth.cognitoSub(), deadline)
                .orElseThrow(() -> new DataAccessException("app user not found after provisioning", null, false, null));
        Identified<P> identified = identified(auth, lookup, created);
        LOG.info("no app user for the caller yet; provisioned app user {}", identified.caller().appUserId());
        return identified;
    }

    private static <P> Identified<P> identified(AuthContext auth, CallerLookup<P> lookup, P found) {
        AppUserStanding standing = Objects.requireNonNull(lookup.standingOf(found), "standing");
        return new Identified<>(new Caller(auth, standing), found);
    }

    /**
     * The caller's role in the workspace, if it is at least {@code minimum}.
     *
     * @param workspaceId as the request named it (a path segment): checked to be a UUID, never trusted further
     * @throws AccessRefusedException 400 {@code not_a_workspace_id} for an id that is not a UUID (no query); 403
     *                                {@code not_a_member} for a workspace the caller is not a member of or that does
     *                                not exist; 403 {@code role_too_low} for a role below {@code minimum}
     * @throws DataAccessException    when the database fails or the deadline passes
     */
    public WorkspaceRole requireWorkspaceRole(Caller caller, String workspaceId, WorkspaceRole minimum,
                                              Deadline deadline) throws AccessRefusedException {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(minimum, "minimum");
        UUID workspace = workspaceId(workspaceId);
        WorkspaceRole role = access.workspaceRole(caller.appUserId(), workspace, deadline)
                .orElseThrow(() -> new AccessRefusedException(ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_MEMBER));
        if (!role.atLeast(minimum)) {
            throw new AccessRefusedException(ApiErrorKind.FORBIDDEN, AccessRefusedException.ROLE_TOO_LOW);
        }
        return role;
    }

    /**
     * Passes only for an app admin: {@code app_users.role = 'admin'} as read by {@link #identify} for this request.
     * A Cognito group in the token decides nothing (it stays in tokens issued before it was removed).
     *
     * @throws AccessRefusedException 403 {@code not_an_app_admin}
     */
    public void requireAppAdmin(Caller caller) throws AccessRefusedException {
        Objects.requireNonNull(caller, "caller");
        if (!caller.standing().appAdmin()) {
            throw new AccessRefusedException(ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_AN_APP_ADMIN);
        }
    }

    /**
     * Passes only when the caller's access token carries {@code scope} (the {@code scope} claim, or HTTP API's
     * {@code jwt.scopes}). The gateway checks a route's scopes too; this is the function's own check, so a route
     * deployed without them, or invoked some other way, still fails closed.
     *
     * @throws AccessRefusedException 403 {@code missing_scope}
     */
    public void requireScope(Caller caller, String scope) throws AccessRefusedException {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(scope, "scope");
        if (!caller.context().hasScope(scope)) {
            throw new AccessRefusedException(ApiErrorKind.FORBIDDEN, AccessRefusedException.MISSING_SCOPE);
        }
    }

    static UUID workspaceId(String text) throws AccessRefusedException {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw new AccessRefusedException(ApiErrorKind.BAD_REQUEST, AccessRefusedException.NOT_A_WORKSPACE_ID);
        }
        return UUID.fromString(text);
    }

    private NewAppUser newAppUser(AuthContext auth) throws AccessRefusedException {
        try {
            // Access tokens carry the pool user name as `username`, which AuthContext does not keep yet; the sub stands
            // in for it (in pools that sign in by email the user name is the sub). Not verified: the email is kept
            // only as the token had it.
            return new NewAppUser(userPoolId, auth.cognitoSub(), auth.cognitoSub(), auth.email().orElse(null), false,
                    null);
        } catch (InvalidUserConfirmedException e) {
            throw new AccessRefusedException(ApiErrorKind.UNAUTHENTICATED, AccessRefusedException.UNSTORABLE_USER);
        }
    }
}
