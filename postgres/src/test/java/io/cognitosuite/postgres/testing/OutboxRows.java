package io.cognitosuite.postgres.testing;

import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes {@code outbox_events} rows directly, for tests of the relay that need many or unusual events. */
public final class OutboxRows {
    private static final String INSERT = """
            INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload, occurred_at)
            VALUES (?, 1, 'app_user', ?, ?::jsonb, ?)
            RETURNING id
            """;

    private OutboxRows() {
    }

    /** One {@code app_user.created} row occurring at {@code occurredAt}; the payload has no personal data. */
    public static UUID insertUserCreated(Database database, Instant occurredAt) {
        UUID user = UUID.randomUUID();
        return insert(database, "app_user.created", """
                {"version":1,"appUserId":"%s","cognitoSub":"sub-%s","userPoolId":"eu-west-1_Test",\
                "personalWorkspaceId":"%s","createdAt":"%s"}""".formatted(user, user, UUID.randomUUID(), occurredAt),
                user, occurredAt);
    }

    /** {@code count} user-created rows, one millisecond apart starting at {@code first}; ids oldest first. */
    public static List<UUID> insertUserCreated(Database database, int count, Instant first) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(insertUserCreated(database, first.plusMillis(i)));
        }
        return ids;
    }

    public static UUID insert(Database database, String type, String payload, UUID aggregateId, Instant occurredAt) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, type);
                ps.setObject(2, aggregateId);
                ps.setString(3, payload);
                ps.setTimestamp(4, Timestamp.from(occurredAt));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
    }
}
