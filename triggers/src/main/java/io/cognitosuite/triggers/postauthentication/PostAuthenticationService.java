package io.cognitosuite.triggers.postauthentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.domain.SignIn;
import io.cognitosuite.common.port.SignIns;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.Invocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What post-authentication does: record the sign-in, inside a bounded wait well under a second, and
 * always let the user in. A database that is slow or down, a user without an app row yet, or an event
 * without a {@code sub} each leave a log line and a metric, never a failed sign-in: the user has
 * already proved who they are, and a lost sign-in record costs far less than a lost sign-in.
 */
public final class PostAuthenticationService {
    public static final String AUTHENTICATION = "PostAuthentication_Authentication";
    static final Duration SAFETY_MARGIN = Duration.ofMillis(300);
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
        String sub = event.userAttributes().get("sub");
        if (!AUTHENTICATION.equals(event.triggerSource()) || sub == null || sub.isBlank()) {
            LOG.error("sign-in not recorded: event has trigger source {} and {} sub", event.triggerSource(),
                    sub == null || sub.isBlank() ? "no" : "a");
            invocation.count("SignInsNotRecorded", 1);
            return event.json();
        }
        boolean newDevice = event.json().path("request").path("newDeviceUsed").asBoolean(false);
        SignIn signIn = new SignIn(sub, event.clientId(), newDevice, event.triggerSource(), invocation.startedAt());
        Instant deadline = invocation.deadlineWithin(budget, SAFETY_MARGIN);
        try {
            if (signIns.record(signIn, Duration.between(clock.instant(), deadline))) {
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
}
