package io.cognitosuite.triggers.pretoken;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.UserAuthorizations;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pre-token generation does for every sign-in and refresh:
 *
 * <ol>
 *   <li>Machine tokens ({@code TokenGeneration_ClientCredentials}) have no user: the response is an
 *       empty V3 response (no claims, no scopes), built and checked like every other one, without a
 *       database call.</li>
 *   <li>Otherwise one query reads the user's role, plan and memberships. A user without a row yet
 *       (confirmation still queued or failed, or created by an administrator) is created with the
 *       consumer's idempotent provisioning, then read again.</li>
 *   <li>All database work shares one hard deadline ({@code TOKEN_DATABASE_BUDGET_MS}, and never past
 *       Lambda's own deadline less a margin). When it fails or runs out, the configured policy decides:
 *       {@code omit} issues the token with only {@code app_claims_unavailable}; {@code deny} fails.</li>
 * </ol>
 */
public final class PreTokenGenerationService {
    public static final String CLIENT_CREDENTIALS = "TokenGeneration_ClientCredentials";
    private static final Logger LOG = LoggerFactory.getLogger(PreTokenGenerationService.class);

    private final UserAuthorizations authorizations;
    private final AppUsers appUsers;
    private final ClaimsComposer composer;
    private final ClaimsUnavailablePolicy policy;
    private final Duration databaseBudget;
    private final Clock clock;

    public PreTokenGenerationService(UserAuthorizations authorizations, AppUsers appUsers, ClaimsComposer composer,
                                     ClaimsUnavailablePolicy policy, Duration databaseBudget, Clock clock) {
        this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
        this.appUsers = Objects.requireNonNull(appUsers, "appUsers");
        this.composer = Objects.requireNonNull(composer, "composer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.databaseBudget = Objects.requireNonNull(databaseBudget, "databaseBudget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The claims for this token, or, when the database fails or runs out of time, what the policy says. */
    TokenClaims claimsFor(TokenRequest request, Invocation invocation) throws MalformedEventException {
        if (request.isMachine()) {
            // Built, not echoed: whatever the event's response held (Cognito sends none) is replaced.
            LOG.info("client credentials token for client {}: no user, no user claims",
                    EnvelopeValues.clientId(request.clientId()));
            return composer.machine();
        }
        Deadline deadline = invocation.deadlineWithin(databaseBudget, clock);
        Outcome outcome = new Outcome();
        TokenClaims claims;
        try {
            UserAuthorization user = lookupOrCreate(request, deadline, outcome);
            claims = composer.compose(user, request.version());
            outcome.truncated = claims.accessToken().containsKey(ClaimNames.WORKSPACES_TRUNCATED)
                    || claims.idToken().containsKey(ClaimNames.WORKSPACES_TRUNCATED);
            LOG.info("claims for sub {}: role {}, plan {}, {} of {} workspaces{}", EnvelopeValues.sub(request.sub()), user.role(), user.plan(),
                    user.memberships().size(), user.membershipCount(), outcome.truncated ? " (truncated)" : "");
        } catch (DataAccessException e) {
            outcome.unavailable = true;
            count(invocation, outcome);
            if (policy == ClaimsUnavailablePolicy.DENY) {
                LOG.error("app claims unavailable for sub {} ({}); policy deny: failing the token request",
                        EnvelopeValues.sub(request.sub()), e.getMessage(), e);
                throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
            }
            LOG.warn("app claims unavailable for sub {} ({}); policy omit: issuing the token without app claims",
                    EnvelopeValues.sub(request.sub()), e.getMessage(), e);
            return composer.unavailable(request.version());
        }
        count(invocation, outcome);
        return claims;
    }

    private UserAuthorization lookupOrCreate(TokenRequest request, Deadline deadline, Outcome outcome)
            throws MalformedEventException {
        Optional<UserAuthorization> found = authorizations.find(request.sub(), composer.membershipsToRead(), deadline);
        if (found.isPresent()) {
            return found.get();
        }
        NewAppUser user;
        try {
            user = request.toNewAppUser();
        } catch (InvalidUserConfirmedException e) {
            // The same rules as the consumer's: a value no row may hold is refused before anything is written. Fails
            // the request (the fixed sentence): issuing a token without the app row would hide the problem.
            throw new MalformedEventException("the event's user cannot be created: " + e.getMessage());
        }
        LOG.info("no app user for sub {} yet; creating it now", EnvelopeValues.sub(request.sub()));
        appUsers.provision(List.of(user), deadline);
        outcome.created = true;
        return authorizations.find(request.sub(), composer.membershipsToRead(), deadline)
                .orElseThrow(() -> new DatabaseUnavailableException("user " + request.sub() + " not found after provisioning",
                        null, null));
    }

    /** Published with the invocation's metrics (per trigger source), in the same document. */
    private static void count(Invocation invocation, Outcome outcome) {
        invocation.count("ClaimsUnavailable", outcome.unavailable ? 1 : 0);
        invocation.count("UsersCreatedLazily", outcome.created ? 1 : 0);
        invocation.count("WorkspacesTruncated", outcome.truncated ? 1 : 0);
    }

    private static final class Outcome {
        boolean unavailable;
        boolean created;
        boolean truncated;
    }
}
