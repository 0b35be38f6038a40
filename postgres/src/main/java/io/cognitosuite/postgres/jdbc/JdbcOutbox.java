package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishFailure;
import io.cognitosuite.core.port.Outbox;
import io.cognitosuite.core.time.Deadline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link Outbox} on the {@code outbox_events} table. A claim is one transaction: the rows are selected
 * {@code FOR UPDATE SKIP LOCKED} and stay locked while the caller publishes them, so a second relay passes
 * over them instead of publishing them too (or waiting); the marks are committed with the claim.
 *
 * <p>A permanently rejected row keeps {@code published_at} null, gets one more attempt and a
 * {@code last_error} starting with {@value #PERMANENT_PREFIX}, and is left out of later claims: it cannot
 * block the rows behind it, and it is never dropped. Support can see it and send it again by clearing
 * {@code last_error} once the cause is fixed. (The schema has no column for that state; the prefix stands in
 * for one without a migration.)
 */
public final class JdbcOutbox implements Outbox {
    /** Marks a row no relay should claim again. */
    public static final String PERMANENT_PREFIX = "permanent: ";
    /** {@code last_error} is for people; a bounded length keeps a chatty error from bloating the row. */
    static final int MAX_ERROR_LENGTH = 1000;

    // Oldest first by the partial index on unpublished rows; the id breaks ties so the order is stable.
    private static final String CLAIM = """
            SELECT id, event_type, event_version, aggregate_type, aggregate_id, payload::text, occurred_at,
                   publish_attempts
              FROM outbox_events
             WHERE published_at IS NULL
               AND (last_error IS NULL OR last_error NOT LIKE 'permanent:%')
             ORDER BY occurred_at, id
             LIMIT ?
               FOR UPDATE SKIP LOCKED
            """;
    private static final String MARK_PUBLISHED = """
            UPDATE outbox_events SET published_at = now()
             WHERE id = ANY (?::uuid[]) AND published_at IS NULL
            """;
    private static final String RECORD_FAILURES = """
            UPDATE outbox_events o
               SET publish_attempts = o.publish_attempts + 1, last_error = f.error
              FROM unnest(?::uuid[], ?::text[]) AS f(id, error)
             WHERE o.id = f.id AND o.published_at IS NULL
            """;

    private final Database database;

    public JdbcOutbox(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public <T> T claim(int limit, Deadline deadline, ClaimWork<T> work) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but is " + limit);
        }
        Objects.requireNonNull(work, "work");
        return database.inTransaction(deadline, connection -> {
            Claimed claimed = new Claimed(connection, select(connection, limit));
            try {
                return work.run(claimed);
            } catch (StatementFailedException e) {
                // Back to a SQLException, so Database rolls back and translates it like any other.
                throw e.getCause();
            } finally {
                claimed.open = false;
            }
        });
    }

    private static List<OutboxEvent> select(Connection c, int limit) throws SQLException {
        List<OutboxEvent> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new OutboxEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getInt(8)));
                }
            }
        }
        return List.copyOf(events);
    }

    /** Text for {@code last_error}: the reason, marked when no relay should try the row again. */
    static String lastError(PublishFailure failure) {
        String text = (failure.retryable() ? "" : PERMANENT_PREFIX) + failure.describe();
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    private static final class Claimed implements ClaimedEvents {
        private final Connection connection;
        private final List<OutboxEvent> events;
        private boolean open = true;

        Claimed(Connection connection, List<OutboxEvent> events) {
            this.connection = connection;
            this.events = events;
        }

        @Override
        public List<OutboxEvent> events() {
            return events;
        }

        @Override
        public void markPublished(Collection<UUID> ids) {
            checkOpen();
            if (ids.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = connection.prepareStatement(MARK_PUBLISHED)) {
                ps.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StatementFailedException(e);
            }
        }

        @Override
        public void recordFailures(Map<UUID, PublishFailure> failures) {
            checkOpen();
            if (failures.isEmpty()) {
                return;
            }
            List<UUID> ids = new ArrayList<>(failures.size());
            List<String> errors = new ArrayList<>(failures.size());
            failures.forEach((id, failure) -> {
                ids.add(id);
                errors.add(lastError(failure));
            });
            try (PreparedStatement ps = connection.prepareStatement(RECORD_FAILURES)) {
                ps.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                ps.setArray(2, connection.createArrayOf("text", errors.toArray()));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StatementFailedException(e);
            }
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("the claim has ended; its events are no longer held");
            }
        }
    }

    /** Carries a statement's failure through the port's unchecked signatures back to {@link #claim}. */
    private static final class StatementFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StatementFailedException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
