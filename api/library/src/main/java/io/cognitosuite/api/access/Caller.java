package io.cognitosuite.api.access;

import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.core.domain.AppUserStanding;
import java.util.Objects;
import java.util.UUID;

/**
 * A caller whose app user the database found by the verified {@code sub}. Only {@link Authorizer#identify} makes one
 * (the constructor is package-private), so no route can build a caller from an id in a path or a body.
 */
public final class Caller {
    private final AuthContext context;
    private final AppUserStanding standing;

    Caller(AuthContext context, AppUserStanding standing) {
        Objects.requireNonNull(context, "context");
        this.standing = Objects.requireNonNull(standing, "standing");
        this.context = context.withAppUserId(standing.appUserId());
    }

    /** The caller's identity, with {@code appUserId} filled from the database. */
    public AuthContext context() {
        return context;
    }

    /** {@code app_users.id}, role and plan as read (or created) for this request. */
    public AppUserStanding standing() {
        return standing;
    }

    public UUID appUserId() {
        return standing.appUserId();
    }

    @Override
    public String toString() {
        return "Caller[appUserId=" + standing.appUserId() + "]";
    }
}
