package io.cognitosuite.api.function.routes;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.Route;
import io.cognitosuite.core.domain.WorkspaceMember;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.port.Workspaces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code GET /workspaces/{id}/members}: the members with their roles, for an admin or owner of the workspace (a member
 * or viewer gets 403 {@code role_too_low}; a non-member and an unknown id the same 403 {@code not_a_member}). Each
 * member is their app user id, role and since when; no email or name: those are each user's own data, which
 * {@code GET /me} gives to that user, and a workspace admin needs none of it to manage roles. Body:
 * {@code {"workspaceId","members":[{"appUserId","role","memberSince"}],"truncated"}}, at most
 * {@link Workspaces#MAX_MEMBERS} members, strongest role first.
 */
public final class WorkspaceMembersRoute implements Route {
    private final Authorizer authorizer;
    private final Workspaces workspaces;

    public WorkspaceMembersRoute(Authorizer authorizer, Workspaces workspaces) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws AuthenticationException, AccessRefusedException {
        Caller caller = authorizer.identify(request.auth(), request.deadline());
        String id = request.pathParameter(WorkspaceRoute.ID).orElse(null);
        authorizer.requireWorkspaceRole(caller, id, WorkspaceRole.ADMIN, request.deadline());
        UUID workspace = UUID.fromString(id); // accepted as a UUID by the check above
        List<WorkspaceMember> read = workspaces.members(workspace, Workspaces.MAX_MEMBERS + 1, request.deadline());
        boolean truncated = read.size() > Workspaces.MAX_MEMBERS;
        List<Map<String, Object>> members = new ArrayList<>();
        for (WorkspaceMember member : truncated ? read.subList(0, Workspaces.MAX_MEMBERS) : read) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("appUserId", member.appUserId());
            entry.put("role", member.role().storedName());
            entry.put("memberSince", member.memberSince().toString());
            members.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspace);
        body.put("members", members);
        body.put("truncated", truncated);
        return ApiResponse.ok(body);
    }
}
