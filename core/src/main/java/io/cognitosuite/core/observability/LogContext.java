package io.cognitosuite.core.observability;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * Puts the request id, trigger source and pool id into the logging context for the length of one
 * invocation, so that every JSON log line carries them. Close it when the invocation ends.
 */
public final class LogContext implements AutoCloseable {
    public static final String REQUEST_ID = "AWSRequestId";
    public static final String TRIGGER_SOURCE = "triggerSource";
    public static final String USER_POOL_ID = "userPoolId";
    public static final String FUNCTION = "function";

    private final List<String> keys = new ArrayList<>();

    private LogContext() {
    }

    public static LogContext open(String function, String requestId) {
        LogContext context = new LogContext();
        context.put(FUNCTION, function);
        context.put(REQUEST_ID, requestId);
        return context;
    }

    /** Adds a field to every following log line of this invocation; {@code null} values are skipped. */
    public LogContext put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
            keys.add(key);
        }
        return this;
    }

    @Override
    public void close() {
        keys.forEach(MDC::remove);
        keys.clear();
    }
}
