package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.time.Deadline;
import java.util.Optional;

/** A user's own profile with their memberships, read in one statement (an API's {@code GET /me}). */
public interface AppUserProfiles {
    /** The most memberships one profile carries; {@link AppUserProfile#membershipsTruncated()} says when there are more. */
    int MAX_MEMBERSHIPS = 100;

    /**
     * The profile of the app user with Cognito {@code sub}, or empty when there is none yet.
     *
     * @throws DataAccessException when the query fails or the deadline passes
     */
    Optional<AppUserProfile> profile(String sub, Deadline deadline);
}
