package io.cognitosuite.triggers.postauthentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.port.SignIns;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What post-authentication does: record the sign-in, inside a bounded wait well under a second, and
 * always let the user in. A database that is slow or down, a user without an app row yet, or an event
 * without a {@code sub} each leave a log line and a metric, never a failed sign-in: the user has
 * already proved who they are, and a lost sign-in record costs far less than a lost sign-in.
 *
 * <p>What is read from the event is checked before it is queried, logged or stored: the {@code sub} must be a
 * JSON string that an {@code app_users} row may hold ({@code user.confirmed}'s rule), else nothing is recorded
 * and the log gets the rule, not the value; the client id goes into the {@code user.signed_in} event (and so to
 * every EventBridge subscriber) only when it has an app client id's shape, else as {@code null}.
 */
public final class PostAuthenticationService {
    public static final String AUTHENTICATION = "PostAuthentication_Authentication";
    private static final Logger LOG = LoggerFactory.getLogger(PostAuthenticationService.class);

    private final SignIns signIns;
    private final Duration budget;
    private final Clock clock;

    public PostAuthenticationService(SignIns signIns, Duration budget, Clock clock) {
        this.signIns = Objects.requireNonNull(signIns, "signIns");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public JsonNode handle(CognitoEvent event, Invocation invocation) {
        String subProblem = null;
        String sub = null;
        try {
            sub = event.attribute("sub");
            UserConfirmed.requireStorableSub(sub);
        } catch (MalformedEventException | InvalidUserConfirmedException e) {
            // A fixed reason ("sub must be a string", "sub is longer than 128 characters", ...), never the value. Fails
            // towards the sign-in without a record: no row can have such a sub, and the sign-in is Cognito's decision.
            subProblem = e.getMessage();
        }
        if (!AUTHENTICATION.equals(event.triggerSource()) || subProblem != null) {
            LOG.error("sign-in not recorded: event has trigger source {} and {}", event.triggerSource(),
                    subProblem == null ? "a sub" : subProblem);
            invocation.count("SignInsNotRecorded", 1);
            return event.json();
        }
        boolean newDevice = event.json().path("request").path("newDeviceUsed").asBoolean(false);
        SignIn signIn = new SignIn(sub, announcedClientId(event.clientId()), newDevice, event.triggerSource(),
                invocation.startedAt());
        Deadline deadline = invocation.deadlineWithin(budget, clock);
        try {
            if (signIns.record(signIn, deadline)) {
                invocation.count("SignInsRecorded", 1);
                LOG.info("sign-in recorded for sub {} (new device: {})", sub, newDevice);
            } else {
                invocation.count("SignInsNotRecorded", 1);
                LOG.warn("sign-in not recorded: no app user for sub {} yet (token generation creates it)", sub);
            }
        } catch (RuntimeException e) {
            // Never fail the sign-in for our own trouble (database slow or down, deadline passed).
            invocation.count("SignInsNotRecorded", 1);
            LOG.warn("sign-in not recorded for sub {}: {}; the sign-in goes ahead", sub, e.getMessage(), e);
        }
        return event.json();
    }

    /**
     * The client id for the {@code user.signed_in} event: the id when it has an app client id's shape, otherwise
     * {@code null}, as for an event without one. It goes to EventBridge subscribers, so an unbounded value (or one
     * holding a NUL, which made the whole statement fail) is not copied there; recording the sign-in without its client
     * is the fail-safe side for a trigger that never fails the sign-in. {@code null} rather than a marker word: any
     * marker would itself have a client id's shape.
     */
    static String announcedClientId(String clientId) {
        if (clientId == null || EnvelopeValues.isClientId(clientId)) {
            return clientId;
        }
        LOG.warn("client id does not have the shape of an app client id; the sign-in is announced without it");
        return null;
    }
}
