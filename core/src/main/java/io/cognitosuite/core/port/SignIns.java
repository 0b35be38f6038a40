package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.SignIn;
import java.time.Duration;

/** Where sign-ins are recorded. */
public interface SignIns {

    /**
     * Records the sign-in on the user's row (last time, count) and writes a {@code user.signed_in}
     * outbox event, in one transaction, giving up after {@code timeout}.
     *
     * @return {@code false} when the app has no row for the user yet (nothing written)
     * @throws io.cognitosuite.core.port.DataAccessException when the database fails or the time runs out
     */
    boolean record(SignIn signIn, Duration timeout);
}
