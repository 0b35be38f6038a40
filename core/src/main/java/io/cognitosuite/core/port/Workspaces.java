package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceSummary;
import io.cognitosuite.core.time.Deadline;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Workspaces and their members, one statement each. These reads check nothing: a caller has passed the permission
 * check ({@link WorkspaceAccess#workspaceRole}) before it asks.
 */
public interface Workspaces {
    /** The most members {@link #members} returns; it returns one more to tell the caller that there are more. */
    int MAX_MEMBERS = 500;

    /**
     * The workspace, or empty when there is none.
     *
     * @throws DataAccessException when the query fails or the deadline passes
     */
    Optional<WorkspaceSummary> workspace(UUID workspaceId, Deadline deadline);

    /**
     * The first {@code limit} members (at most {@link #MAX_MEMBERS} + 1), strongest role first, then by app user id.
     *
     * @throws DataAccessException when the query fails or the deadline passes
     */
    List<WorkspaceMember> members(UUID workspaceId, int limit, Deadline deadline);
}
