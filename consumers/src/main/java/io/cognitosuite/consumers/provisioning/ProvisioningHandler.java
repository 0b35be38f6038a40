package io.cognitosuite.consumers.provisioning;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cognitosuite.consumers.DeployedConsumers;
import java.util.Objects;

/**
 * Lambda entry point for the {@code user.confirmed} queue. Returns partial batch failures, so the
 * event source mapping must enable {@code ReportBatchItemFailures}. After a batch that created users it
 * runs one outbox relay pass (see {@link io.cognitosuite.consumers.relay.OutboxRelay}).
 */
public final class ProvisioningHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SqsBatchProcessor processor;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public ProvisioningHandler() {
        this(DeployedConsumers.userProvisioning());
    }

    public ProvisioningHandler(SqsBatchProcessor processor) {
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.process(event, context);
    }
}
