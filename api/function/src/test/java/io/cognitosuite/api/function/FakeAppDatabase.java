package io.cognitosuite.api.function;

import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.domain.WorkspaceSummary;
import io.cognitosuite.core.port.AppUserProfiles;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.WorkspaceAccess;
import io.cognitosuite.core.port.Workspaces;
import io.cognitosuite.core.time.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The four ports the API function reads and writes, over maps, for unit tests: counts every call, remembers the last
 * deadline it was given, and fails every call with {@link #failWith} when set.
 */
final class FakeAppDatabase implements AppUsers, WorkspaceAccess, AppUserProfiles, Workspaces {
    static final Instant CREATED = Instant.parse("2026-11-30T09:00:00Z");

    final Map<String, AppUserStanding> users = new HashMap<>();
    final Map<UUID, WorkspaceSummary> workspaces = new LinkedHashMap<>();
    /** Workspace → (app user id → role). */
    final Map<UUID, Map<UUID, WorkspaceRole>> members = new HashMap<>();
    final List<NewAppUser> provisioned = new ArrayList<>();
    int calls;
    Deadline lastDeadline;
    Supplier<RuntimeException> failWith;

    /** An existing user with a personal workspace they own. */
    UUID existing(String sub) {
        UUID id = UUID.randomUUID();
        users.put(sub, new AppUserStanding(id, "user", "free"));
        UUID personal = workspace("Personal", true);
        member(personal, id, WorkspaceRole.OWNER);
        return id;
    }

    UUID workspace(String name, boolean personal) {
        UUID id = UUID.randomUUID();
        workspaces.put(id, new WorkspaceSummary(id, name, personal, CREATED));
        return id;
    }

    void member(UUID workspace, UUID user, WorkspaceRole role) {
        members.computeIfAbsent(workspace, k -> new LinkedHashMap<>()).put(user, role);
    }

    UUID idOf(String sub) {
        return users.get(sub).appUserId();
    }

    private void call(Deadline deadline) {
        calls++;
        lastDeadline = deadline;
        if (failWith != null) {
            throw failWith.get();
        }
    }

    @Override
    public List<ProvisionedUser> provision(List<NewAppUser> newUsers, Deadline deadline) {
        call(deadline);
        provisioned.addAll(newUsers);
        for (NewAppUser user : newUsers) {
            users.computeIfAbsent(user.sub(), k -> new AppUserStanding(UUID.randomUUID(), "user", "free"));
        }
        return List.of();
    }

    @Override
    public Optional<AppUserStanding> appUser(String sub, Deadline deadline) {
        call(deadline);
        return Optional.ofNullable(users.get(sub));
    }

    @Override
    public Optional<WorkspaceRole> workspaceRole(UUID appUserId, UUID workspaceId, Deadline deadline) {
        call(deadline);
        return Optional.ofNullable(members.getOrDefault(workspaceId, Map.of()).get(appUserId));
    }

    @Override
    public Optional<AppUserProfile> profile(String sub, Deadline deadline) {
        call(deadline);
        AppUserStanding standing = users.get(sub);
        if (standing == null) {
            return Optional.empty();
        }
        List<AppUserProfile.Membership> memberships = new ArrayList<>();
        members.forEach((workspace, roles) -> {
            WorkspaceRole role = roles.get(standing.appUserId());
            if (role != null) {
                WorkspaceSummary summary = workspaces.get(workspace);
                memberships.add(new AppUserProfile.Membership(workspace, summary.name(), role, summary.personal()));
            }
        });
        memberships.sort(Comparator.comparing((AppUserProfile.Membership m) -> m.role().rank())
                .thenComparing(AppUserProfile.Membership::workspaceId));
        return Optional.of(new AppUserProfile(standing, sub, Optional.empty(), false, memberships, false));
    }

    @Override
    public Optional<WorkspaceSummary> workspace(UUID workspaceId, Deadline deadline) {
        call(deadline);
        return Optional.ofNullable(workspaces.get(workspaceId));
    }

    @Override
    public List<WorkspaceMember> members(UUID workspaceId, int limit, Deadline deadline) {
        call(deadline);
        List<WorkspaceMember> found = new ArrayList<>();
        members.getOrDefault(workspaceId, Map.of()).forEach((user, role) -> found.add(new WorkspaceMember(user, role, CREATED)));
        found.sort(Comparator.comparing((WorkspaceMember m) -> m.role().rank()).thenComparing(WorkspaceMember::appUserId));
        return found.subList(0, Math.min(limit, found.size()));
    }
}
