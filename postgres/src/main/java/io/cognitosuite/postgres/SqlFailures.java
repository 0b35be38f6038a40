package io.cognitosuite.postgres;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Sorts SQL failures into "database unavailable", "try again later" and "will fail again". */
public final class SqlFailures {
    private SqlFailures() {
    }

    public static DataAccessException translate(String action, SQLException e) {
        String state = e.getSQLState();
        String message = action + " failed: " + safeMessage(e);
        if (isUnavailable(e, state)) {
            return new DatabaseUnavailableException(message, state, e);
        }
        return new DataAccessException(message, state, constraintOf(e), isRetryable(state), e);
    }

    /**
     * The constraint the server names in its error (its {@code constraint_name} field: a name from the schema, never a
     * value of the row), or {@code null}. Support reads it in a failure record to know which rule refused a row.
     */
    private static String constraintOf(SQLException e) {
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null) {
                return server.getConstraint();
            }
        }
        return null;
    }

    private static boolean isUnavailable(SQLException e, String state) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        if (state == null) {
            return false;
        }
        return state.startsWith("08")          // connection exception
                || state.startsWith("53")      // insufficient resources (too many connections, disk full)
                || state.startsWith("57P")     // admin/crash shutdown, cannot connect now
                || state.equals("57014");      // canceled: statement_timeout reached
    }

    /** The server closed or lost the connection (as opposed to a timeout or a refused new connection). */
    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static boolean isRetryable(String state) {
        return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("55P03"));
    }

    /** PostgreSQL messages may quote values (emails); keep only the first line, which names the constraint. */
    private static String safeMessage(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int newline = m.indexOf('\n');
        return (newline < 0 ? m : m.substring(0, newline)) + " (SQLState " + e.getSQLState() + ")";
    }
}
