package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.core.port.DataAccessException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The detail sentences of failure records. Every one is fixed text of ours: it may name a field, a rule, an SQL
 * state, a constraint of the schema or an exception class, never a part of the message, of the row, or of a driver
 * or server message (those may quote values: emails, names).
 */
final class FailureDetails {
    /** An SQLSTATE is five digits or upper-case letters; anything else is not named. */
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");
    /**
     * A constraint is named only when its name is a plain lower-case identifier, as every constraint our migrations
     * create is (the server's default names for them too); a quoted name of someone else's is not repeated.
     */
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    /** What a request id of Lambda's looks like (a UUID); anything else is not named. */
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

    static final String OUT_OF_TIME_BATCH = "no time was left before the function's deadline to write the batch";
    static final String OUT_OF_TIME_ALONE = "no time was left before the function's deadline to retry this user on its own";

    private FailureDetails() {
    }

    /** A body that failed with something other than the contract's exception. */
    static String unreadable(RuntimeException e) {
        return "the body could not be read (" + e.getClass().getSimpleName() + ")";
    }

    static String unavailable(DataAccessException e) {
        return "the database was unavailable or did not answer in time" + named(e, false);
    }

    /** A transient failure that is not an outage: a deadlock, a serialization failure, a lock not granted. */
    static String conflict(DataAccessException e) {
        return "the database could not complete the write at the time" + named(e, false)
                + "; a later delivery may succeed";
    }

    static String rejected(DataAccessException e) {
        return "the database refused the row" + named(e, true);
    }

    static String unexpected(RuntimeException e, String requestId) {
        String request = requestId != null && REQUEST_ID.matcher(requestId).matches()
                ? "; see the function's log for request " + requestId : "; see the function's log";
        return "the batch failed unexpectedly (" + e.getClass().getSimpleName() + ")" + request;
    }

    /** " (SQL state X, constraint Y)" with what the failure names safely, or nothing. */
    private static String named(DataAccessException e, boolean withConstraint) {
        List<String> parts = new ArrayList<>(2);
        if (e.sqlState() != null && SQL_STATE.matcher(e.sqlState()).matches()) {
            parts.add("SQL state " + e.sqlState());
        }
        if (withConstraint && e.constraint() != null && PLAIN_NAME.matcher(e.constraint()).matches()) {
            parts.add("constraint " + e.constraint());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
