package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.time.Deadline;

/** Where sign-ins are recorded. */
public interface SignIns {

    /**
     * Records the sign-in on the user's row (last time, count) and writes a {@code user.signed_in}
     * outbox event, in one transaction, giving up at the {@code deadline}.
     *
     * @return {@code false} when the app has no row for the user yet (nothing written)
     * @throws io.cognitosuite.core.port.DataAccessException when the database fails or the time runs out
     */
    boolean record(SignIn signIn, Deadline deadline);
}
