package io.cognitosuite.triggers.presignup;

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
 * Lambda entry point for the Cognito pre-sign-up trigger:
 * {@link SignUpRequest#from} → {@link PreSignUpService#decide} →
 * {@link SignUpResponseWriter#write}, run by the {@link TriggerProcessor}.
 */
public final class PreSignUpHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PreSignUp";

    private final TriggerProcessor processor;
    private final TriggerLogic trigger;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PreSignUpHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.preSignUpService());
    }

    public PreSignUpHandler(TriggerProcessor processor, PreSignUpService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.trigger = steps(Objects.requireNonNull(service, "service"));
    }

    /** The trigger's steps: the checked request, the service's decision, the response Cognito gets. */
    static TriggerLogic steps(PreSignUpService service) {
        return TriggerLogic.of(SignUpRequest::from, service::decide, SignUpResponseWriter::write);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, trigger);
    }
}
