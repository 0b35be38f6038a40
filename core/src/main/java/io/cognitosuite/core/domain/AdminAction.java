package io.cognitosuite.core.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * Who made an administrative change, as the API identified them (never an id from the request's path or body), and
 * under which request: what an {@code admin_audit} row records about the actor.
 *
 * @param actorAppUserId the acting app admin's {@code app_users.id}
 * @param actorSub       their Cognito {@code sub}, the verified token's
 * @param requestId      the gateway's request id, already checked to be shaped like one ({@code unknown} otherwise)
 */
public record AdminAction(UUID actorAppUserId, String actorSub, String requestId) {
    public AdminAction {
        Objects.requireNonNull(actorAppUserId, "actorAppUserId");
        Objects.requireNonNull(actorSub, "actorSub");
        Objects.requireNonNull(requestId, "requestId");
    }
}
