package io.cognitosuite.api.access;

import java.util.Objects;

/**
 * The caller and what the route's {@link CallerLookup} read about them in the same statement. Nothing here can be made
 * from a request: a {@link Caller} is only made by {@link Authorizer}.
 *
 * @param caller the caller, found (or created) by the verified {@code sub}
 * @param found  what the lookup read, for the caller
 * @param <P>    the lookup's type
 */
public record Identified<P>(Caller caller, P found) {
    public Identified {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(found, "found");
    }
}
