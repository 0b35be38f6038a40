package io.cognitosuite.api.function.routes;

import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.api.access.Authorizer;
import io.cognitosuite.api.access.CallerLookup;
import io.cognitosuite.api.access.Identified;
import io.cognitosuite.api.auth.AuthenticationException;
import io.cognitosuite.api.function.routing.ApiRequest;
import io.cognitosuite.api.function.routing.ApiResponse;
import io.cognitosuite.api.function.routing.Route;
import io.cognitosuite.core.domain.AppUserProfile;
import io.cognitosuite.core.port.AppUserProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /me}: the caller's own profile, created on the first call when missing. The caller is identified and the
 * profile read in one statement ({@link AppUserProfiles}, through {@link Authorizer#identify(
 * io.cognitosuite.api.auth.AuthContext, io.cognitosuite.core.time.Deadline, CallerLookup)}), so an existing user costs
 * one round trip. The body:
 * {@code {"appUserId","cognitoSub","role","plan","email"?,"emailVerified"?,"memberships":[{"workspaceId","name","role","personal"}],"membershipsTruncated"}};
 * {@code email} (and {@code emailVerified}) only when the row stores one: it is the caller's own data.
 */
public final class MeRoute implements Route {
    private final Authorizer authorizer;
    private final CallerLookup<AppUserProfile> profiles;

    public MeRoute(Authorizer authorizer, AppUserProfiles profiles) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(profiles, "profiles");
        this.profiles = CallerLookup.of(profiles::profile, AppUserProfile::standing);
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws AuthenticationException, AccessRefusedException {
        Identified<AppUserProfile> me = authorizer.identify(request.auth(), request.deadline(), profiles);
        return ApiResponse.ok(body(me.found()));
    }

    static Map<String, Object> body(AppUserProfile profile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appUserId", profile.standing().appUserId());
        body.put("cognitoSub", profile.cognitoSub());
        body.put("role", profile.standing().role());
        body.put("plan", profile.standing().plan());
        profile.email().ifPresent(email -> {
            body.put("email", email);
            body.put("emailVerified", profile.emailVerified());
        });
        List<Map<String, Object>> memberships = new ArrayList<>();
        for (AppUserProfile.Membership membership : profile.memberships()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("workspaceId", membership.workspaceId());
            entry.put("name", membership.workspaceName());
            entry.put("role", membership.role().storedName());
            entry.put("personal", membership.personal());
            memberships.add(entry);
        }
        body.put("memberships", memberships);
        body.put("membershipsTruncated", profile.membershipsTruncated());
        return body;
    }
}
