package io.cognitosuite.schema.function;

import io.cognitosuite.core.config.ConfigurationException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the custom resource's answer: {@code Create} and {@code Update} migrate the schema, {@code Delete}
 * keeps it (a stack deletion must never drop users), anything else fails. The migration runs within the
 * function's remaining time less {@code responseReserve}, so that there is always time left to answer; a
 * migration still running then is aborted and answered {@code FAILED}.
 */
public final class SchemaMigrationService {
    /** Returned on {@code Create} and kept on every update: CloudFormation never replaces the resource. */
    public static final String PHYSICAL_RESOURCE_ID = "cognito-suite-schema";
    public static final String MIGRATIONS_EXECUTED = "MigrationsExecuted";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrationService.class);

    private final Migrator migrator;
    private final Duration responseReserve;

    public SchemaMigrationService(Migrator migrator, Duration responseReserve) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.responseReserve = Objects.requireNonNull(responseReserve, "responseReserve");
        if (responseReserve.isNegative()) {
            throw new IllegalArgumentException("responseReserve must not be negative but is " + responseReserve);
        }
    }

    /**
     * @param timeLeft  what is left of the function's time
     * @param logStream where the details of a failure are logged, named in the reason
     */
    public CustomResourceResponse handle(CustomResourceRequest request, Duration timeLeft, String logStream) {
        String physicalId = Objects.requireNonNullElse(request.physicalResourceId(), PHYSICAL_RESOURCE_ID);
        String type = Objects.requireNonNullElse(request.requestType(), "");
        switch (type) {
            case CustomResourceRequest.CREATE:
            case CustomResourceRequest.UPDATE:
                return migrate(request, physicalId, timeLeft.minus(responseReserve), logStream);
            case CustomResourceRequest.DELETE:
                return CustomResourceResponse.success(request, physicalId,
                        "Nothing to do on delete: the schema and its data are kept.", Map.of());
            default:
                return CustomResourceResponse.failed(request, physicalId,
                        "Unsupported RequestType: expected Create, Update or Delete.");
        }
    }

    private CustomResourceResponse migrate(CustomResourceRequest request, String physicalId, Duration budget,
                                           String logStream) {
        if (budget.toMillis() <= 0) {
            return CustomResourceResponse.failed(request, physicalId,
                    "Schema migration not started: the function has no time left for it. Raise its timeout.");
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schema-migration");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Integer> run = worker.submit(migrator::migrate);
            int executed = run.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("schema is up to date: {} migration(s) applied", executed);
            return CustomResourceResponse.success(request, physicalId, "Schema is up to date: " + executed
                    + " migration(s) applied.", Map.of(MIGRATIONS_EXECUTED, Integer.toString(executed)));
        } catch (TimeoutException e) {
            LOG.error("schema migration did not finish within {} ms; aborting it", budget.toMillis());
            migrator.abort();
            return CustomResourceResponse.failed(request, physicalId, "Schema migration did not finish within "
                    + budget.toSeconds() + " s and was aborted (rolled back). Raise the function's timeout or"
                    + " the statement timeout, then deploy again.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.error("schema migration failed", cause);
            return CustomResourceResponse.failed(request, physicalId, reason(cause, logStream));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            migrator.abort();
            return CustomResourceResponse.failed(request, physicalId, "Schema migration was interrupted.");
        } finally {
            worker.shutdownNow();
        }
    }

    /**
     * Configuration problems are safe to show (they never hold a secret's value); for anything else only the
     * exception type and SQL state are shown, because messages can quote statements, URLs or values.
     */
    static String reason(Throwable failure, String logStream) {
        if (failure instanceof ConfigurationException configuration) {
            return "Schema migration not started: " + configuration.getMessage();
        }
        StringBuilder reason = new StringBuilder("Schema migration failed (")
                .append(failure.getClass().getSimpleName());
        String sqlState = sqlState(failure);
        if (sqlState != null) {
            reason.append(", SQL state ").append(sqlState);
        }
        reason.append("). Details in CloudWatch Logs");
        if (logStream != null && !logStream.isBlank()) {
            reason.append(", log stream ").append(logStream);
        }
        return reason.append('.').toString();
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().matches("[0-9A-Z]{5}")) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
