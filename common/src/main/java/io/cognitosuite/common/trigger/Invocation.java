package io.cognitosuite.common.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One invocation of a function.
 *
 * @param function  the function's name, for logs
 * @param requestId the Lambda request id
 * @param startedAt when the handler started
 * @param deadline  when Lambda will stop the function (start + remaining time)
 */
public record Invocation(String function, String requestId, Instant startedAt, Instant deadline) {
    public Invocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
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
