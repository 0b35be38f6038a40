package io.cognitosuite.triggers.runtime;

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
     * The earlier of {@code startedAt + budget} and the Lambda deadline less a safety margin, so that
     * the function still has time to answer after the work gives up.
     */
    public Instant deadlineWithin(Duration budget, Duration safetyMargin) {
        Instant byBudget = startedAt.plus(budget);
        Instant byLambda = deadline.minus(safetyMargin);
        return byBudget.isBefore(byLambda) ? byBudget : byLambda;
    }
}
