package io.cognitosuite.triggers.pretoken;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.triggers.internal.TriggerComponents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Lambda entry point for the Cognito pre-token generation trigger (event versions V1, V2 and V3). */
public final class PreTokenGenerationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PreTokenGeneration";

    private final TriggerProcessor processor;
    private final PreTokenGenerationService service;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PreTokenGenerationHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.preTokenGenerationService());
    }

    public PreTokenGenerationHandler(TriggerProcessor processor, PreTokenGenerationService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, service::handle);
    }
}
