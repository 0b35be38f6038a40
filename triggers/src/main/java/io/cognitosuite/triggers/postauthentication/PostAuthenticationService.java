package io.cognitosuite.triggers.postauthentication;

import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.port.SignIns;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.EnvelopeValues;
import io.cognitosuite.triggers.runtime.Invocation;
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
 * every EventBridge subscriber) only when it has an app client id's shape, else as {@code null} (both checked in
 * {@link SignInRequest#from}).
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

    /** Records the sign-in when it can; never fails, whatever happens. */
    SignInOutcome record(SignInRequest request, Invocation invocation) {
        String unrecordable = request.unrecordableBecause();
        if (unrecordable != null) {
            LOG.error("sign-in not recorded: {}", unrecordable);
            invocation.count("SignInsNotRecorded", 1);
            return SignInOutcome.NOT_RECORDED;
        }
        String sub = request.sub();
        boolean newDevice = request.newDevice();
        SignIn signIn = request.signInAt(invocation.startedAt());
        Deadline deadline = invocation.deadlineWithin(budget, clock);
        try {
            if (signIns.record(signIn, deadline)) {
                invocation.count("SignInsRecorded", 1);
                LOG.info("sign-in recorded for sub {} (new device: {})", EnvelopeValues.sub(sub), newDevice);
                return SignInOutcome.RECORDED;
            }
            invocation.count("SignInsNotRecorded", 1);
            LOG.warn("sign-in not recorded: no app user for sub {} yet (token generation creates it)", EnvelopeValues.sub(sub));
        } catch (RuntimeException e) {
            // Never fail the sign-in for our own trouble (database slow or down, deadline passed).
            invocation.count("SignInsNotRecorded", 1);
            LOG.warn("sign-in not recorded for sub {}: {}; the sign-in goes ahead", EnvelopeValues.sub(sub), e.getMessage(), e);
        }
        return SignInOutcome.NOT_RECORDED;
    }
}
