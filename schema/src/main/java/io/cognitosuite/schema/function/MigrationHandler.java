package io.cognitosuite.schema.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitosuite.core.observability.LogContext;
import io.cognitosuite.core.time.Reserves;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the {@code Custom::SchemaMigration} resource. Every request that names a response URL
 * gets an answer, {@code SUCCESS} or {@code FAILED}; one without is refused (logged and thrown), as there is
 * nobody to answer.
 */
public final class MigrationHandler implements RequestStreamHandler {
    public static final String FUNCTION = "SchemaMigration";

    private static final Logger LOG = LoggerFactory.getLogger(MigrationHandler.class);

    private final SchemaMigrationService service;
    private final CustomResourceResponder responder;

    /** Used by the Lambda runtime: reads the {@code DATABASE_*} variables; opens no connection until a request. */
    public MigrationHandler() {
        this(new SchemaMigrationService(FlywayMigrator.fromEnvironment(System.getenv()),
                        Reserves.MIGRATION_RESPONSE),
                CustomResourceResponder.standard());
    }

    public MigrationHandler(SchemaMigrationService service, CustomResourceResponder responder) {
        this.service = Objects.requireNonNull(service, "service");
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext log = LogContext.open(FUNCTION, context.getAwsRequestId())) {
            CustomResourceRequest request;
            try {
                request = CustomResourceRequest.read(input);
            } catch (MalformedCustomResourceRequestException e) {
                LOG.error("refused an event: {}", e.getMessage());
                throw e;
            }
            log.put("requestType", request.requestType()).put("logicalResourceId", request.logicalResourceId());
            CustomResourceResponse response = service.handle(request,
                    Duration.ofMillis(context.getRemainingTimeInMillis()), context.getLogStreamName());
            LOG.info("{} {}: {}", request.requestType(), response.status(), response.reason());
            responder.send(request.responseUrl(), response);
        }
    }
}
