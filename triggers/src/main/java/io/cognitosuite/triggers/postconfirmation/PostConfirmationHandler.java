package io.cognitosuite.triggers.postconfirmation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitosuite.triggers.internal.TriggerComponents;
import io.cognitosuite.triggers.runtime.TriggerLogic;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Lambda entry point for the Cognito post-confirmation trigger:
 * {@link ConfirmationRequest#from} → {@link PostConfirmationService#confirm} →
 * {@link ConfirmationResponseWriter#write}, run by the {@link TriggerProcessor}.
 */
public final class PostConfirmationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PostConfirmation";

    private final TriggerProcessor processor;
    private final TriggerLogic trigger;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PostConfirmationHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.postConfirmationService());
    }

    public PostConfirmationHandler(TriggerProcessor processor, PostConfirmationService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.trigger = steps(Objects.requireNonNull(service, "service"));
    }

    /** The trigger's steps: the checked request, the service's decision, the response Cognito gets. */
    static TriggerLogic steps(PostConfirmationService service) {
        return TriggerLogic.of(ConfirmationRequest::from, service::confirm, ConfirmationResponseWriter::write);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, trigger);
    }
}
