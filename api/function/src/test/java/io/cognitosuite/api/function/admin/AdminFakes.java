package io.cognitosuite.api.function.admin;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.auth.AuthContext;
import io.cognitosuite.core.domain.AdminAction;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.InvitedUser;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.StandingChange;
import io.cognitosuite.core.domain.StandingChangeOutcome;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.AdminUserChanges;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.UserInvitations;
import io.cognitosuite.core.port.WorkspaceAccess;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Fakes of the admin routes' ports over maps, and callers made the only way there is: a real {@link Authorizer}. */
final class AdminFakes implements AppUsers, WorkspaceAccess, AdminUserChanges, UserInvitations {
    static final String POOL = "eu-west-1_Ab12Cd34E";
    static final Deadline NONE = Deadline.none(Clock.systemUTC());

    final Map<String, AppUserStanding> users = new HashMap<>();
    final List<AdminAction> actions = new ArrayList<>();
    final List<String> invitedEmails = new ArrayList<>();
    final List<NewAppUser> recorded = new ArrayList<>();
    int writes;
    Supplier<InvitedUser> invitation = () -> new InvitedUser(UUID.randomUUID().toString(), UUID.randomUUID().toString(), true);
    RuntimeException recordingFailure;
    final Authorizer authorizer = new Authorizer(this, this, POOL);

    static String newSub() {
        return UUID.randomUUID().toString();
    }

    String existing(String role, String plan) {
        String sub = newSub();
        users.put(sub, new AppUserStanding(UUID.randomUUID(), role, plan));
        return sub;
    }

    Caller caller(String role, List<String> scopes) throws AccessRefusedException {
        String sub = existing(role, "free");
        return authorizer.identify(new AuthContext(sub, Optional.empty(), Optional.empty(), List.of(), scopes, "client-1",
                "access"), NONE);
    }

    Caller admin() throws AccessRefusedException {
        return caller("admin", List.of("api/read", "api/admin"));
    }

    @Override
    public List<ProvisionedUser> provision(List<NewAppUser> newUsers, Deadline deadline) {
        throw new AssertionError("the admin routes never provision through AppUsers directly");
    }

    @Override
    public Optional<AppUserStanding> appUser(String sub, Deadline deadline) {
        return Optional.ofNullable(users.get(sub));
    }

    @Override
    public Optional<WorkspaceRole> workspaceRole(UUID appUserId, UUID workspaceId, Deadline deadline) {
        return Optional.empty();
    }

    @Override
    public Optional<StandingChangeOutcome> changeStanding(AdminAction action, String targetSub, StandingChange change,
                                                          Deadline deadline) {
        actions.add(action);
        AppUserStanding before = users.get(targetSub);
        if (before == null) {
            return Optional.empty();
        }
        AppUserStanding after = change.applyTo(before);
        if (after.equals(before)) {
            return Optional.of(new StandingChangeOutcome(targetSub, before, after, null));
        }
        writes++;
        users.put(targetSub, after);
        return Optional.of(new StandingChangeOutcome(targetSub, before, after, UUID.randomUUID()));
    }

    @Override
    public InvitationRecord recordInvitation(AdminAction action, NewAppUser user, StandingChange standing,
                                             Deadline deadline) {
        actions.add(action);
        if (recordingFailure != null) {
            throw recordingFailure;
        }
        recorded.add(user);
        writes++;
        AppUserStanding before = new AppUserStanding(UUID.randomUUID(), "user", "free");
        AppUserStanding after = standing == null ? before : standing.applyTo(before);
        users.put(user.sub(), after);
        return new InvitationRecord(true, new StandingChangeOutcome(user.sub(), before, after, UUID.randomUUID()));
    }

    @Override
    public InvitedUser invite(String userPoolId, String email, Deadline deadline) {
        invitedEmails.add(email);
        return invitation.get();
    }
}
