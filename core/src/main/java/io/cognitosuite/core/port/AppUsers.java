package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.time.Deadline;
import java.util.List;

/** The app's users, keyed by Cognito's {@code sub}. */
public interface AppUsers {

    /**
     * Creates every user that does not exist yet, all in one transaction: the {@code app_users} row,
     * a personal workspace with an owner membership and an {@code app_user.created} outbox event.
     * Users that already exist are left as they are. Safe to call again and concurrently with the same
     * users: each user ends up with exactly one row, one personal workspace and one event.
     *
     * <p>Gives up at the {@code deadline} whatever the database does; with {@link Deadline#none} only the pool's
     * connect and the driver's socket timeouts bound it.
     *
     * @return one entry per distinct {@code sub}, in the order of first appearance
     * @throws io.cognitosuite.core.port.DataAccessException when the transaction fails or the time runs out (nothing
     *                                                       is written)
     */
    List<ProvisionedUser> provision(List<NewAppUser> users, Deadline deadline);
}
