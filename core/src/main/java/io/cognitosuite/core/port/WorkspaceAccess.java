package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.time.Deadline;
import java.util.Optional;
import java.util.UUID;

/**
 * The facts an API's permission checks read from the app database, one statement each. Creating a missing user is not
 * here: that is {@link AppUsers#provision}, the same path the consumer and pre-token generation use.
 */
public interface WorkspaceAccess {

    /**
     * The app user with Cognito {@code sub}, with role and plan, or empty when there is none yet.
     *
     * @throws DataAccessException when the query fails or the deadline passes
     */
    Optional<AppUserStanding> appUser(String sub, Deadline deadline);

    /**
     * The user's role in the workspace, or empty when the user is not a member; an unknown workspace is also empty
     * (the caller cannot tell the two apart, so workspace ids cannot be probed).
     *
     * @throws DataAccessException when the query fails or the deadline passes
     */
    Optional<WorkspaceRole> workspaceRole(UUID appUserId, UUID workspaceId, Deadline deadline);
}
