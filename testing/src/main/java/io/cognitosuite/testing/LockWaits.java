package io.cognitosuite.testing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Statements of other sessions waiting for a lock, seen from the session that holds it. A call that gave up asks the
 * server to cancel its statement on a thread of its own, so the cancel lands a little later: a test or benchmark
 * that holds a lock waits for the waits to be gone before it escalates or releases the lock, else a statement whose
 * call gave up could still run.
 */
public final class LockWaits {
    private LockWaits() {
    }

    /**
     * Polls every 20 ms until no other session waits for a lock or {@code within} has passed.
     *
     * @param onTheHolder a statement of the session that holds the lock (its own backend is not counted)
     * @return how many statements still wait (0 once none is left)
     */
    public static long awaitNone(Statement onTheHolder, Duration within) throws SQLException, InterruptedException {
        long giveUp = System.nanoTime() + within.toNanos();
        while (true) {
            try (ResultSet rs = onTheHolder.executeQuery("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
                rs.next();
                long waiting = rs.getLong(1);
                if (waiting == 0 || System.nanoTime() > giveUp) {
                    return waiting;
                }
            }
            Thread.sleep(20);
        }
    }
}
