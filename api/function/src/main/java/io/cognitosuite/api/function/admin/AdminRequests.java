package io.cognitosuite.api.function.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.api.access.AccessRefusedException;
import io.cognitosuite.core.domain.AssignableStandings;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.StandingChange;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reading of the admin routes' input: every shape that is not exactly what a route takes is a 400 with a
 * fixed reason ({@link AdminReasons}), before anything is read or written. Strict on purpose: an admin change that
 * silently ignored a misspelt field ({@code "rol"}) would answer 200 and change nothing.
 */
final class AdminRequests {
    /** Far above any valid body (an email of 254 characters, a role and a plan), far below anything costly to parse. */
    static final int MAX_BODY_CHARS = 4096;
    /**
     * A Cognito {@code sub}: a UUID in its 36-character, lower-case form (Cognito's own). {@code UUID.fromString} alone
     * takes {@code 1-2-3-4-5}; an upper-case form is a different text, which no row holds.
     */
    private static final Pattern SUB = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> ROLE_CHANGE_FIELDS = Set.of("role", "plan");
    private static final Set<String> INVITE_FIELDS = Set.of("email", "role", "plan");

    /** What {@code POST /admin/users} asks for: the email, and the role and plan to give, {@code null} for the defaults. */
    record Invitation(String email, StandingChange standing) {
        @Override
        public String toString() {
            return "Invitation[standing=" + standing + "]";
        }
    }

    private AdminRequests() {
    }

    /** The path's {@code {sub}}, if it is shaped like Cognito's (so it is also storable: {@code requireStorableSub}). */
    static String targetSub(String subFromPath) throws AccessRefusedException {
        if (subFromPath == null || !SUB.matcher(subFromPath).matches()) {
            throw AccessRefusedException.badRequest(AdminReasons.NOT_A_SUB);
        }
        UserConfirmed.requireStorableSub(subFromPath);
        return subFromPath;
    }

    /** {@code {"role": "...", "plan": "..."}}, either or both. */
    static StandingChange roleChange(String body) throws AccessRefusedException {
        ObjectNode fields = object(body, ROLE_CHANGE_FIELDS);
        StandingChange change = standing(fields);
        if (change == null) {
            throw AccessRefusedException.badRequest(AdminReasons.NOTHING_TO_CHANGE);
        }
        return change;
    }

    /** {@code {"email": "...", "role"?: "...", "plan"?: "..."}}. */
    static Invitation invitation(String body) throws AccessRefusedException {
        ObjectNode fields = object(body, INVITE_FIELDS);
        if (!fields.has("email")) {
            throw AccessRefusedException.badRequest(AdminReasons.NO_EMAIL);
        }
        String email = text(fields, "email");
        requireInvitableEmail(email);
        return new Invitation(email, standing(fields));
    }

    /**
     * The rule every stored email follows ({@link UserConfirmed#requireStorableEmail}: the consumer's, pre-sign-up's
     * and the API's lazy creation's), and the plain-address shape pre-sign-up applies before its domain policy (one
     * {@code @}, a dotted domain, no quote, backslash, angle bracket or control character): an invitation the app
     * could never store, or pre-sign-up would refuse for its shape, fails here, before the user pool is called.
     * Pre-sign-up still runs on {@code AdminCreateUser} and applies its domain lists (refusal: 400
     * {@code invitation_refused}).
     */
    static void requireInvitableEmail(String email) throws AccessRefusedException {
        try {
            UserConfirmed.requireStorableEmail(email);
        } catch (InvalidUserConfirmedException e) {
            throw AccessRefusedException.badRequest(AdminReasons.NOT_AN_EMAIL);
        }
        int at = email.indexOf('@');
        String domain = email.substring(at + 1);
        boolean plain = at > 0 && at == email.lastIndexOf('@') && domain.contains(".") && !domain.startsWith(".")
                && !domain.endsWith(".") && !domain.contains("..")
                && email.chars().noneMatch(c -> c == '"' || c == '\\' || c == '<' || c == '>' || Character.isISOControl(c));
        if (!plain) {
            throw AccessRefusedException.badRequest(AdminReasons.NOT_AN_EMAIL);
        }
    }

    /** The role and plan fields, each optional; {@code null} when neither is there. */
    private static StandingChange standing(ObjectNode fields) throws AccessRefusedException {
        String role = fields.has("role") ? text(fields, "role") : null;
        String plan = fields.has("plan") ? text(fields, "plan") : null;
        if (role != null && !AssignableStandings.isAssignableRole(role)) {
            throw AccessRefusedException.badRequest(AdminReasons.ROLE_NOT_ALLOWED);
        }
        if (plan != null && !AssignableStandings.isAssignablePlan(plan)) {
            throw AccessRefusedException.badRequest(AdminReasons.PLAN_NOT_ALLOWED);
        }
        return role == null && plan == null ? null : new StandingChange(role, plan);
    }

    private static ObjectNode object(String body, Set<String> allowed) throws AccessRefusedException {
        if (body == null || body.isBlank()) {
            throw AccessRefusedException.badRequest(AdminReasons.NO_BODY);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw AccessRefusedException.badRequest(AdminReasons.BODY_TOO_LARGE);
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (MalformedJsonException e) {
            // Not logged with its cause: the parser's message quotes the body.
            throw AccessRefusedException.badRequest(AdminReasons.MALFORMED_JSON);
        }
        if (!(parsed instanceof ObjectNode fields)) {
            throw AccessRefusedException.badRequest(AdminReasons.NOT_A_JSON_OBJECT);
        }
        for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                throw AccessRefusedException.badRequest(AdminReasons.UNKNOWN_FIELD);
            }
        }
        return fields;
    }

    /** A field that must be a JSON string: {@code null}, a number, a boolean, an array or an object is refused. */
    private static String text(ObjectNode fields, String name) throws AccessRefusedException {
        JsonNode value = fields.get(name);
        if (value == null || !value.isTextual()) {
            throw AccessRefusedException.badRequest(AdminReasons.WRONG_TYPE);
        }
        return value.textValue();
    }
}
