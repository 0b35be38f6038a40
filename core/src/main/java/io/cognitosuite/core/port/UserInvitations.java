package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.time.Deadline;

/**
 * The user pool's side of an administrator's invitation: create the user, and let the pool send the invitation with a
 * temporary password to their email address.
 */
public interface UserInvitations {

    /**
     * Creates a user whose sign-in name is {@code email}, with the email marked verified, and has the pool send the
     * invitation to it. Not retried: a call that timed out may have created the user, and a second one would then fail
     * as {@link UserAlreadyExistsException}.
     *
     * @throws UserAlreadyExistsException   when the pool already has a user with that sign-in name
     * @throws InvitationRefusedException   when the pool refuses this email (its pre-sign-up trigger, or its rules for
     *                                      the attribute)
     * @throws UserPoolUnavailableException for every other failure, transient (throttled, 5xx, no answer in time) or
     *                                      not
     */
    InvitedUser invite(String userPoolId, String email, Deadline deadline);
}
