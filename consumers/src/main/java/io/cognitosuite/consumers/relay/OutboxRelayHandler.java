package io.cognitosuite.consumers.relay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cognitosuite.consumers.DeployedConsumers;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda entry point for the scheduled EventBridge rule (e.g. {@code rate(1 minute)}) that relays whatever
 * the outbox holds. The scheduled event's content does not matter, so it is taken as a plain map.
 */
public final class OutboxRelayHandler implements RequestHandler<Map<String, Object>, RelayReport> {
    private final ScheduledRelayProcessor processor;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public OutboxRelayHandler() {
        this(DeployedConsumers.outboxRelay());
    }

    public OutboxRelayHandler(ScheduledRelayProcessor processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    @Override
    public RelayReport handleRequest(Map<String, Object> event, Context context) {
        return processor.process(context);
    }
}
