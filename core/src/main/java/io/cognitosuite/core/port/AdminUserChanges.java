package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.AdminAction;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.StandingChange;
import io.cognitosuite.core.domain.StandingChangeOutcome;
import io.cognitosuite.core.time.Deadline;
import java.util.Optional;

/**
 * The administrative changes of app users, each in one transaction with its {@code admin_audit} row and its
 * {@code app_user.role_changed} outbox event: all of them are written or none.
 */
public interface AdminUserChanges {

    /**
     * Sets the role and/or plan of the user with Cognito {@code targetSub}. The row is locked and read under the lock
     * (so {@code before} is what the change replaced, whatever runs concurrently); when the standing actually changes,
     * the row is updated and an audit row ({@code role_change}) and an {@code app_user.role_changed} event are
     * written in the same transaction. When it already has those values nothing is written ({@code auditId} null), so
     * a retried request changes nothing twice.
     *
     * @return empty when no app user has that {@code sub} (nothing written)
     * @throws DataAccessException when the transaction fails or the deadline passes (nothing written)
     */
    Optional<StandingChangeOutcome> changeStanding(AdminAction action, String targetSub, StandingChange change,
                                                   Deadline deadline);

    /**
     * Records an invited user in one transaction: the app user as {@link AppUsers#provision} creates it (the same
     * statements: one row, one personal workspace with an owner membership, one {@code app_user.created} event; an
     * existing row is kept), then the invited standing applied as {@link #changeStanding} applies it, and an audit row
     * ({@code invite}) whatever the standing, since an invitation is an administrative action. The event
     * {@code app_user.role_changed} is written only if the standing differs from the row's.
     *
     * @param standing the invited role and plan, {@code null} for the defaults
     * @throws DataAccessException when the transaction fails or the deadline passes (nothing written)
     */
    InvitationRecord recordInvitation(AdminAction action, NewAppUser user, StandingChange standing, Deadline deadline);

    /**
     * What {@link #recordInvitation} wrote.
     *
     * @param appUserCreated whether the app row was created by this call (false: it existed already)
     * @param standing       the standing change as recorded (its {@code auditId} is always set)
     */
    record InvitationRecord(boolean appUserCreated, StandingChangeOutcome standing) {
    }
}
