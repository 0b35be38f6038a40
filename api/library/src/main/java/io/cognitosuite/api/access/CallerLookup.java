package io.cognitosuite.api.access;

import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.time.Deadline;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How {@link Authorizer#identify(io.cognitosuite.api.auth.AuthContext, Deadline, CallerLookup)} reads the caller's app
 * user by the verified {@code sub}: a route that answers with more than the standing (its profile, say) reads it in
 * the same statement, so that an existing user still costs one.
 *
 * @param <P> what the lookup reads; it must hold the user's {@link AppUserStanding}
 */
public interface CallerLookup<P> {

    /**
     * The app user with this {@code sub}, or empty when there is none yet.
     *
     * @throws io.cognitosuite.core.port.DataAccessException when the read fails or the deadline passes
     */
    Optional<P> find(String cognitoSub, Deadline deadline);

    /** The standing (id, role, plan) in what {@link #find} read. */
    AppUserStanding standingOf(P found);

    static <P> CallerLookup<P> of(BiFunction<String, Deadline, Optional<P>> find, Function<P, AppUserStanding> standing) {
        Objects.requireNonNull(find, "find");
        Objects.requireNonNull(standing, "standing");
        return new CallerLookup<>() {
            @Override
            public Optional<P> find(String cognitoSub, Deadline deadline) {
                return find.apply(cognitoSub, deadline);
            }

            @Override
            public AppUserStanding standingOf(P found) {
                return standing.apply(found);
            }
        };
    }
}
