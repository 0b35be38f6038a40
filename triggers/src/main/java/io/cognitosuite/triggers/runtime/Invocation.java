package io.cognitosuite.triggers.runtime;

import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.core.time.Reserves;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation of a function.
 *
 * @param function  the function's name, for logs
 * @param requestId the Lambda request id
 * @param startedAt when the handler started
 * @param deadline  when Lambda will stop the function (start + remaining time)
 * @param counts    counters the trigger adds during the invocation; they are published with the
 *                  invocation's own metrics, in the same document
 */
public record Invocation(String function, String requestId, Instant startedAt, Instant deadline, Map<String, Double> counts) {
    public Invocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(counts, "counts");
    }

    public Invocation(String function, String requestId, Instant startedAt, Instant deadline) {
        this(function, requestId, startedAt, deadline, new LinkedHashMap<>());
    }

    /** Adds to a counter published with this invocation's metrics. */
    public void count(String metric, double value) {
        counts.merge(metric, value, Double::sum);
    }

    /**
     * The deadline of the trigger's work: {@code budget} from now, and never past the Lambda deadline less
     * {@link Reserves#TRIGGER_ANSWER}, so that the function still has time to answer after the work gives up.
     */
    public Deadline deadlineWithin(Duration budget, Clock clock) {
        return Deadline.within(Deadline.at(deadline, clock).minus(Reserves.TRIGGER_ANSWER), budget);
    }
}
