package io.cognitosuite.common.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the app database says a user may do: the facts that go into the tokens.
 *
 * @param appUserId       {@code app_users.id}
 * @param role            the app role
 * @param plan            the billing plan
 * @param memberships     workspace memberships, personal workspace first, then by role (owner, admin,
 *                        member, viewer), then by workspace id; at most the number asked for
 * @param membershipCount how many memberships the user has in all (may exceed {@code memberships.size()})
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
