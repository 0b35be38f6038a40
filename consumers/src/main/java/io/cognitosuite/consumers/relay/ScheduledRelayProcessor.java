package io.cognitosuite.consumers.relay;

import com.amazonaws.services.lambda.runtime.Context;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Maps a scheduled invocation to a relay run: the run ends after {@code budget} or {@link Reserves#RELAY_FUNCTION}
 * before the function would time out, whichever comes first, so the outcome is always recorded. A failing outbox
 * (database down) fails the invocation, so it shows in the function's error metric and alarms.
 */
public final class ScheduledRelayProcessor {
    private final String function;
    private final OutboxRelay relay;
    private final Duration budget;
    private final Clock clock;

    public ScheduledRelayProcessor(String function, OutboxRelay relay, Duration budget, Clock clock) {
        this.function = Objects.requireNonNull(function, "function");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RelayReport process(Context context) {
        String requestId = context == null ? "local" : context.getAwsRequestId();
        try (LogContext ignored = LogContext.open(function, requestId)) {
            Deadline function = context == null ? Deadline.none(clock)
                    : Deadline.after(Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())), clock);
            return relay.drain(Deadline.within(function.minus(Reserves.RELAY_FUNCTION), budget));
        }
    }
}
