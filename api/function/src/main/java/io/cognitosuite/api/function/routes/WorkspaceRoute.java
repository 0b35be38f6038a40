package io.cognitosuite.api.function.routes;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.Caller;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.error.ApiErrorKind;
import io.cognitosuite.api.error.Refusals;
import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.Route;
import io.cognitosuite.core.domain.WorkspaceRole;
import io.cognitosuite.core.domain.WorkspaceSummary;
import io.cognitosuite.core.port.Workspaces;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /workspaces/{id}}: the workspace and the caller's role in it, for a member of any role (viewer and up).
 * 400 for an id that is not a UUID; 403 for a workspace the caller is not a member of <em>and</em> for one that does
 * not exist, so ids cannot be probed. Body: {@code {"id","name","personal","createdAt","yourRole"}}.
 */
public final class WorkspaceRoute implements Route {
    static final String ID = "id";

    private final Authorizer authorizer;
    private final Workspaces workspaces;

    public WorkspaceRoute(Authorizer authorizer, Workspaces workspaces) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws AuthenticationException, AccessRefusedException {
        Caller caller = authorizer.identify(request.auth(), request.deadline());
        String id = request.pathParameter(ID).orElse(null);
        WorkspaceRole role = authorizer.requireWorkspaceRole(caller, id, WorkspaceRole.VIEWER, request.deadline());
        // The check above accepted the id as a UUID.
        Optional<WorkspaceSummary> workspace = workspaces.workspace(UUID.fromString(id), request.deadline());
        if (workspace.isEmpty()) {
            // Deleted between the check and the read: the same answer as for any workspace the caller is not in.
            return ApiResponse.error(Refusals.refuse(ApiErrorKind.FORBIDDEN, AccessRefusedException.NOT_A_MEMBER,
                    request.requestId()));
        }
        return ApiResponse.ok(body(workspace.get(), role));
    }

    static Map<String, Object> body(WorkspaceSummary workspace, WorkspaceRole yourRole) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", workspace.id());
        body.put("name", workspace.name());
        body.put("personal", workspace.personal());
        body.put("createdAt", workspace.createdAt().toString());
        body.put("yourRole", yourRole.storedName());
        return body;
    }
}
