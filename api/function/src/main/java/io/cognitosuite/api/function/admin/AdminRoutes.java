package io.cognitosuite.api.function.admin;

import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.error.ApiError;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.api.error.Refusals;
import io.cognitosuite.core.domain.AdminAction;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.StandingChange;
import io.cognitosuite.core.domain.StandingChangeOutcome;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.AdminUserChanges;
import io.cognitosuite.core.port.AdminUserChanges.InvitationRecord;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.InvitationRefusedException;
import io.cognitosuite.core.port.UserAlreadyExistsException;
import io.cognitosuite.core.port.UserInvitations;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two admin routes as a service: the router hands over the caller {@link Authorizer#identify} made, the raw
 * path segment and body, the request id and the invocation's deadline, and sends the {@link ApiResponse} back
 * ({@link #addTo} puts both under their route keys).
 *
 * <p>Every call first requires an app admin ({@code app_users.role = 'admin'}, read for this request) whose access
 * token carries {@value #ADMIN_SCOPE} (the gateway requires the scope too; this check fails closed if a route is ever
 * deployed without it). Then the input is read strictly ({@link AdminRequests}): any other shape is a 400 with a fixed
 * reason, nothing read or written. The actor is always the caller; an id in the path is only ever the target, and a
 * body has no field that could name anyone.
 *
 * <p>Refusals (400, 403, 404, 409) are {@link AccessRefusedException}s, for the router to turn into the API's error
 * ({@link AccessRefusedException#toApiError}). A database failure of a role change is a {@link DataAccessException}
 * (the router's 500; nothing was written). Answers about the user pool's health (503, 500) and the invitation whose
 * app record could not be written (202) come back as responses, since only this route knows what they mean.
 */
public final class AdminRoutes {
    /** The route keys (template.yaml's {@code RouteKey}s). */
    public static final String CHANGE_ROLE = "PUT /admin/users/{sub}/role";
    public static final String INVITE = "POST /admin/users";
    /** The scope both routes require, the resource server's {@code api/admin}. */
    public static final String ADMIN_SCOPE = "api/admin";
    /**
     * What an invitation keeps, of its deadline, for recording the app user after the user pool answered: a pool call
     * that used the whole deadline would leave an invited user without the app record.
     */
    static final Duration RECORDING_RESERVE = Duration.ofMillis(1000);
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final Authorizer authorizer;
    private final AdminUserChanges changes;
    private final UserInvitations invitations;
    private final String userPoolId;

    /** @param userPoolId the stage's pool ({@code USER_POOL_ID}), where invited users are created */
    public AdminRoutes(Authorizer authorizer, AdminUserChanges changes, UserInvitations invitations, String userPoolId) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.invitations = Objects.requireNonNull(invitations, "invitations");
        UserConfirmed.requireStorableUserPoolId(userPoolId);
        this.userPoolId = userPoolId;
    }

    /**
     * {@code table} with the two admin routes: the caller identified from the verified claims (found or created by
     * {@code sub}), then {@link #changeRole} or {@link #invite} with the path's {@code sub} and the body as sent.
     */
    public RouteTable addTo(RouteTable table) {
        return table
                .with(CHANGE_ROLE, request -> changeRole(authorizer.identify(request.auth(), request.deadline()),
                        request.pathParameter("sub").orElse(null), request.body().orElse(null), request.requestId(),
                        request.deadline()))
                .with(INVITE, request -> invite(authorizer.identify(request.auth(), request.deadline()),
                        request.body().orElse(null), request.requestId(), request.deadline()));
    }

    /**
     * {@code PUT /admin/users/{sub}/role} with {@code {"role": "admin"}}, {@code {"plan": "pro"}} or both.
     *
     * <p>200 {@code {"appUserId","cognitoSub","role","plan","previousRole","previousPlan","changed","auditId"}}. When
     * the user already has the requested values, {@code changed} is {@code false}, {@code auditId} {@code null}, and
     * nothing is written (no audit row, no event): a retried request answers the same and changes nothing twice.
     *
     * @throws AccessRefusedException 403 {@code not_an_app_admin}, {@code missing_scope}, {@code own_standing}; 400 for
     *                                the path or the body ({@link AdminReasons}); 404 {@code no_such_user}
     * @throws DataAccessException    when the database fails or the deadline passes (nothing written)
     */
    public ApiResponse changeRole(Caller actor, String subFromPath, String body, String requestId, Deadline deadline)
            throws AccessRefusedException {
        requireAdmin(actor);
        String target = AdminRequests.targetSub(subFromPath);
        StandingChange change = AdminRequests.roleChange(body);
        if (target.equals(actor.context().cognitoSub())) {
            // Fails closed: an administrator cannot demote themselves by mistake (possibly the last admin) nor be the
            // only pair of eyes on their own standing; another admin makes the change.
            throw AccessRefusedException.forbidden(AdminReasons.OWN_STANDING);
        }
        AdminAction action = action(actor, requestId);
        StandingChangeOutcome outcome = changes.changeStanding(action, target, change, deadline)
                .orElseThrow(() -> AccessRefusedException.notFound(AdminReasons.NO_SUCH_USER));
        if (outcome.changed()) {
            LOG.info("admin {} changed app user {}: role {} -> {}, plan {} -> {} (admin_audit {}) requestId={}",
                    actor.appUserId(), outcome.before().appUserId(), outcome.before().role(), outcome.after().role(),
                    outcome.before().plan(), outcome.after().plan(), outcome.auditId(), action.requestId());
        } else {
            LOG.info("admin {} asked for app user {}'s current role and plan: nothing changed requestId={}",
                    actor.appUserId(), outcome.before().appUserId(), action.requestId());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("appUserId", outcome.after().appUserId().toString());
        json.put("cognitoSub", outcome.targetSub());
        json.put("role", outcome.after().role());
        json.put("plan", outcome.after().plan());
        json.put("previousRole", outcome.before().role());
        json.put("previousPlan", outcome.before().plan());
        json.put("changed", outcome.changed());
        json.put("auditId", outcome.auditId() == null ? null : outcome.auditId().toString());
        return ApiResponse.of(200, json);
    }

    /**
     * {@code POST /admin/users} with {@code {"email": "...", "role"?: "...", "plan"?: "..."}}: the user pool creates
     * the user and sends the invitation ({@link UserInvitations}), then the app user is recorded in one transaction
     * (provisioned as the consumer does, the invited role and plan applied, an {@code admin_audit} row, and an
     * {@code app_user.role_changed} event if they differ from the defaults).
     *
     * <ul>
     *   <li>201 {@code {"cognitoSub","appUserId","role","plan","emailVerified","appUser":"created"|"existing","auditId"}}.</li>
     *   <li>202, {@code "appUser":"pending"}, {@code appUserId}, {@code role}, {@code plan}, {@code auditId} null: the
     *       user pool created the user and sent the invitation, but the app record could not be written. Nothing is
     *       lost for the user: their first API call ({@code Authorizer.identify}) or {@code cognito-suite reconcile}
     *       creates the row, with the default role and plan; an invited role or plan other than those must then be
     *       set with {@code PUT /admin/users/{sub}/role}. The log line (ERROR) names the sub.</li>
     *   <li>503 {@code user_pool_unavailable}: throttled, failed on the pool's side, or no answer in time. Retrying is
     *       safe after a throttled answer; after a timeout the first call may have created the user, and the retry
     *       answers 409.</li>
     *   <li>500 {@code user_pool_failed}: the pool refused the call for a reason of the deployment.</li>
     * </ul>
     *
     * @throws AccessRefusedException 403 {@code not_an_app_admin}, {@code missing_scope}; 400 for the body, or
     *                                {@code invitation_refused}; 409 {@code user_exists}
     */
    public ApiResponse invite(Caller actor, String body, String requestId, Deadline deadline)
            throws AccessRefusedException {
        requireAdmin(actor);
        AdminRequests.Invitation invitation = AdminRequests.invitation(body);
        AdminAction action = action(actor, requestId);
        InvitedUser invited;
        try {
            invited = invitations.invite(userPoolId, invitation.email(), deadline.minus(RECORDING_RESERVE));
        } catch (UserAlreadyExistsException e) {
            throw AccessRefusedException.conflict(AdminReasons.USER_EXISTS);
        } catch (InvitationRefusedException e) {
            LOG.info("the user pool refused an invitation: {} requestId={}", e.getMessage(), action.requestId());
            throw AccessRefusedException.badRequest(AdminReasons.INVITATION_REFUSED);
        } catch (UserPoolUnavailableException e) {
            LOG.warn("invitation not sent: {} (transient {}) requestId={}", e.getMessage(), e.isTransient(),
                    action.requestId());
            return e.isTransient()
                    ? failure(ApiErrorKind.UNAVAILABLE, AdminReasons.USER_POOL_UNAVAILABLE, action.requestId())
                    : failure(ApiErrorKind.INTERNAL, AdminReasons.USER_POOL_FAILED, action.requestId());
        }
        InvitationRecord record;
        try {
            NewAppUser user = new NewAppUser(userPoolId, invited.sub(), invited.username(), invitation.email(),
                    invited.emailVerified(), null);
            record = changes.recordInvitation(action, user, invitation.standing(), deadline);
        } catch (DataAccessException | IllegalArgumentException e) {
            // The pool user exists and has the invitation; only the app's record of it is missing. Say so (202, not
            // 201 and not 500: a retry would answer 409) and leave the repair to the lazy creation and reconcile.
            // The exception's class, not its message: a database message can quote a value of the row.
            LOG.error("invited user {} exists in the user pool, but its app user could not be recorded ({}); the first "
                            + "API call or reconcile creates it with the default role and plan requestId={}",
                    invited.sub(), e.getClass().getSimpleName(), action.requestId());
            return invitationAnswer(202, invited, null, "pending");
        }
        AppUserStanding after = record.standing().after();
        LOG.info("admin {} invited app user {} (role {}, plan {}, app user {}; admin_audit {}) requestId={}",
                actor.appUserId(), after.appUserId(), after.role(), after.plan(),
                record.appUserCreated() ? "created" : "existing", record.standing().auditId(), action.requestId());
        return invitationAnswer(201, invited, record, record.appUserCreated() ? "created" : "existing");
    }

    private void requireAdmin(Caller actor) throws AccessRefusedException {
        Objects.requireNonNull(actor, "actor");
        authorizer.requireAppAdmin(actor);
        authorizer.requireScope(actor, ADMIN_SCOPE);
    }

    /** The actor is the identified caller, nothing else; the request id only if shaped like one. */
    private static AdminAction action(Caller actor, String requestId) {
        return new AdminAction(actor.appUserId(), actor.context().cognitoSub(), ApiError.safeRequestId(requestId));
    }

    private static ApiResponse failure(ApiErrorKind kind, String reason, String requestId) {
        return ApiResponse.error(Refusals.refuse(kind, reason, requestId));
    }

    private static ApiResponse invitationAnswer(int status, InvitedUser invited, InvitationRecord record,
                                                  String appUser) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cognitoSub", invited.sub());
        AppUserStanding after = record == null ? null : record.standing().after();
        json.put("appUserId", after == null ? null : after.appUserId().toString());
        json.put("role", after == null ? null : after.role());
        json.put("plan", after == null ? null : after.plan());
        json.put("emailVerified", invited.emailVerified());
        json.put("appUser", appUser);
        json.put("auditId", record == null ? null : record.standing().auditId().toString());
        return ApiResponse.of(status, json);
    }
}
