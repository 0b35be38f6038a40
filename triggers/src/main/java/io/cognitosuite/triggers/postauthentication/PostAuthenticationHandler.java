package io.cognitosuite.triggers.postauthentication;

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
 * Lambda entry point for the Cognito post-authentication trigger:
 * {@link SignInRequest#from} → {@link PostAuthenticationService#record} →
 * {@link SignInResponseWriter#write}, run by the {@link TriggerProcessor}.
 */
public final class PostAuthenticationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PostAuthentication";

    private final TriggerProcessor processor;
    private final TriggerLogic trigger;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PostAuthenticationHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.postAuthenticationService());
    }

    public PostAuthenticationHandler(TriggerProcessor processor, PostAuthenticationService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.trigger = steps(Objects.requireNonNull(service, "service"));
    }

    /** The trigger's steps: the checked request, the service's decision, the response Cognito gets. */
    static TriggerLogic steps(PostAuthenticationService service) {
        return TriggerLogic.of(SignInRequest::from, service::record, SignInResponseWriter::write);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, trigger);
    }
}
