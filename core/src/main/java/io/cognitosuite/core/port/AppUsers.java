package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import java.time.Duration;
import java.util.List;

/** The app's users, keyed by Cognito's {@code sub}. */
public interface AppUsers {

    /**
     * Creates every user that does not exist yet, all in one transaction: the {@code app_users} row,
     * a personal workspace with an owner membership and an {@code app_user.created} outbox event.
     * Users that already exist are left as they are. Safe to call again and concurrently with the same
     * users: each user ends up with exactly one row, one personal workspace and one event.
     *
     * @return one entry per distinct {@code sub}, in the order of first appearance
     * @throws io.cognitosuite.core.port.DataAccessException when the transaction fails (nothing is written)
     */
    List<ProvisionedUser> provision(List<NewAppUser> users);

    /**
     * Like {@link #provision(List)}, but gives up after {@code timeout} whatever the database does
     * (for callers inside a trigger's budget).
     */
    List<ProvisionedUser> provision(List<NewAppUser> users, Duration timeout);
}
