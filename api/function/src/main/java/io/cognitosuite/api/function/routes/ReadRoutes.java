package io.cognitosuite.api.function.routes;

import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.function.routing.RouteTable;
import io.cognitosuite.core.port.AppUserProfiles;
import io.cognitosuite.core.port.Workspaces;

/** The read routes under the template's route keys. */
public final class ReadRoutes {
    public static final String HEALTH = "GET /health";
    public static final String ME = "GET /me";
    public static final String WORKSPACE = "GET /workspaces/{id}";
    public static final String WORKSPACE_MEMBERS = "GET /workspaces/{id}/members";

    private ReadRoutes() {
    }

    /** The four read routes over the given permission checks and reads. */
    public static RouteTable table(Authorizer authorizer, AppUserProfiles profiles, Workspaces workspaces) {
        return RouteTable.empty()
                .with(HEALTH, new HealthRoute())
                .with(ME, new MeRoute(authorizer, profiles))
                .with(WORKSPACE, new WorkspaceRoute(authorizer, workspaces))
                .with(WORKSPACE_MEMBERS, new WorkspaceMembersRoute(authorizer, workspaces));
    }
}
