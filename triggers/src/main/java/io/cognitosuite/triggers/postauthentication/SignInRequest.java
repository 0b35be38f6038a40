package io.cognitosuite.triggers.postauthentication;

import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a post-authentication event the trigger uses, each checked before it is queried, logged or stored.
 * Unlike the other triggers' requests, reading one never fails: post-authentication never fails a sign-in, so an
 * event it cannot record is a request that says why ({@link #unrecordableBecause()}), and the sign-in goes ahead.
 *
 * @param triggerSource the trigger source ({@link PostAuthenticationService#AUTHENTICATION} is the one recorded)
 * @param sub           the {@code sub}, when it is a JSON string that an {@code app_users} row may hold
 *                      ({@code user.confirmed}'s rule); otherwise {@code null}
 * @param subProblem    why the sub cannot be recorded, a fixed reason ("sub must be a string", "sub is longer than 128
 *                      characters", ...), never the value; {@code null} when it can
 * @param clientId      the app client id when it has an app client id's shape, otherwise {@code null}
 * @param newDevice     whether Cognito says the user signed in on a new device
 */
record SignInRequest(String triggerSource, String sub, String subProblem, String clientId, boolean newDevice) {
    private static final Logger LOG = LoggerFactory.getLogger(SignInRequest.class);
    private static final String FOREIGN_SOURCE = "triggerSource is not a post-authentication trigger source";

    static SignInRequest from(CognitoEvent event) {
        String subProblem = null;
        String sub = null;
        try {
            sub = event.attribute("sub");
            UserConfirmed.requireStorableSub(sub);
        } catch (MalformedEventException | InvalidUserConfirmedException e) {
            // Fails towards the sign-in without a record: no row can have such a sub, and the sign-in is Cognito's decision.
            subProblem = e.getMessage();
            sub = null;
        }
        boolean newDevice = event.json().path("request").path("newDeviceUsed").asBoolean(false);
        return new SignInRequest(event.triggerSource(), sub, subProblem, announcedClientId(event.clientId()), newDevice);
    }

    /** Why this sign-in is not recorded (a foreign trigger source, or a sub no row can hold), or {@code null}. */
    String unrecordableBecause() {
        // Fixed reasons only: the trigger source is whatever the event says, and the service logs this.
        boolean foreignSource = !PostAuthenticationService.AUTHENTICATION.equals(triggerSource);
        if (foreignSource && subProblem != null) {
            return FOREIGN_SOURCE + " and " + subProblem;
        }
        return foreignSource ? FOREIGN_SOURCE : subProblem;
    }

    /** The sign-in to record, at the time the trigger ran. */
    SignIn signInAt(Instant occurredAt) {
        return new SignIn(sub, clientId, newDevice, triggerSource, occurredAt);
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
