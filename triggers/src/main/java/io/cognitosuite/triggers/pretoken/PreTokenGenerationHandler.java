package io.cognitosuite.triggers.pretoken;

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
 * Lambda entry point for the Cognito pre-token generation trigger (event versions V1, V2 and V3):
 * {@link TokenRequest#from} → {@link PreTokenGenerationService#claimsFor} →
 * {@link TokenResponseWriter#write}, run by the {@link TriggerProcessor}.
 */
public final class PreTokenGenerationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PreTokenGeneration";

    private final TriggerProcessor processor;
    private final TriggerLogic trigger;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PreTokenGenerationHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.preTokenGenerationService());
    }

    public PreTokenGenerationHandler(TriggerProcessor processor, PreTokenGenerationService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.trigger = steps(Objects.requireNonNull(service, "service"));
    }

    /** The trigger's steps: the checked request, the service's decision, the response Cognito gets. */
    static TriggerLogic steps(PreTokenGenerationService service) {
        return TriggerLogic.of(TokenRequest::from, service::claimsFor, TokenResponseWriter::write);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, trigger);
    }
}
