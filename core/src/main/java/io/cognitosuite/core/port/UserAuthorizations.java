package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.time.Deadline;
import java.util.Optional;

/** Reads a user's authorization facts: one database round trip per call. */
public interface UserAuthorizations {

    /**
     * @param cognitoSub     the user's {@code sub}
     * @param maxMemberships at most this many memberships are returned; the count tells whether there were more
     * @param deadline       the call gives up at this deadline, whatever the database does
     * @return empty when the app has no row for the user yet
     * @throws io.cognitosuite.core.port.DataAccessException when the database fails or the time runs out
     */
    Optional<UserAuthorization> find(String cognitoSub, int maxMemberships, Deadline deadline);
}
