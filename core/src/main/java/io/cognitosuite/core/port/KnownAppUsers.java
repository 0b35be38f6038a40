package io.cognitosuite.core.port;

import io.cognitosuite.core.time.Deadline;
import java.util.Collection;
import java.util.Set;

/** Which Cognito users the app database already has a row for. */
public interface KnownAppUsers {

    /**
     * The subs among {@code subs} that have an {@code app_users} row, in one query whatever their number.
     *
     * @throws DataAccessException when the database fails or the time runs out
     */
    Set<String> existing(Collection<String> subs, Deadline deadline);
}
