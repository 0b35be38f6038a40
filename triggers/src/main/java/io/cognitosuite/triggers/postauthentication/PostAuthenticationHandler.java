package io.cognitosuite.triggers.postauthentication;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.triggers.internal.TriggerComponents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Lambda entry point for the Cognito post-authentication trigger. */
public final class PostAuthenticationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "PostAuthentication";

    private final TriggerProcessor processor;
    private final PostAuthenticationService service;

    /** Used by the Lambda runtime: wires production objects from the environment. */
    public PostAuthenticationHandler() {
        this(TriggerComponents.processor(FUNCTION), TriggerComponents.postAuthenticationService());
    }

    public PostAuthenticationHandler(TriggerProcessor processor, PostAuthenticationService service) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        processor.process(input, output, context, service::handle);
    }
}
