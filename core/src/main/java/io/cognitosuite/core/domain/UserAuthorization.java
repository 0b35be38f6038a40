package io.cognitosuite.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the app database says a user may do: the facts that go into the tokens.
 *
 * @param appUserId       {@code app_users.id}
 * @param role            the app role
 * @param plan            the billing plan
 * @param memberships     workspace memberships by role (owner, admin, member, viewer), then by
 *                        workspace id; at most the number asked for
 * @param membershipCount how many memberships were found: equal to {@code memberships.size()}, or larger
 *                        when the user has more than were asked for (the count is then a lower bound)
 */
public record UserAuthorization(UUID appUserId, String role, String plan, List<WorkspaceMembership> memberships,
                                int membershipCount) {
    public UserAuthorization {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(plan, "plan");
        memberships = List.copyOf(memberships);
    }
}
