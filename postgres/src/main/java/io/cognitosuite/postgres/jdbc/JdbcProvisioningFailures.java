package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.port.ProvisioningFailures;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@link ProvisioningFailures} in PostgreSQL ({@code provisioning_failures}, migration V6). Each call is one statement
 * in auto-commit mode (atomic on its own: no second round trip for a commit), bounded by the caller's deadline.
 *
 * <p>{@link #record} upserts all failures at once. Failures of one key in one call are merged first (an upsert may
 * not touch a row twice), and rows are written in key order so that two concurrent consumers cannot deadlock. A
 * known key takes the newer failure's reason, detail, message id and receive count, adds the failures, keeps the
 * earliest first-seen and the latest last-seen time, and becomes unresolved again, unless it was resolved after
 * this failure was seen: a failure kept in the consumer's pending list while the database was down, and written
 * late with its original time, must not reopen a user who was provisioned meanwhile.
 */
public final class JdbcProvisioningFailures implements ProvisioningFailures {
    static final String RECORD = """
            INSERT INTO provisioning_failures AS f (failure_key, idempotency_key, cognito_sub, message_id, reason_code,
                                                    detail, receive_count, failures, first_seen_at, last_seen_at)
            SELECT k, i, s, m, r, d, c, n, fs, ls
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[],
                          ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS x(k, i, s, m, r, d, c, n, fs, ls)
             ORDER BY k
            ON CONFLICT (failure_key) DO UPDATE SET
                   idempotency_key = COALESCE(EXCLUDED.idempotency_key, f.idempotency_key),
                   cognito_sub     = COALESCE(EXCLUDED.cognito_sub, f.cognito_sub),
                   message_id      = CASE WHEN EXCLUDED.last_seen_at >= f.last_seen_at THEN EXCLUDED.message_id ELSE f.message_id END,
                   reason_code     = CASE WHEN EXCLUDED.last_seen_at >= f.last_seen_at THEN EXCLUDED.reason_code ELSE f.reason_code END,
                   detail          = CASE WHEN EXCLUDED.last_seen_at >= f.last_seen_at THEN EXCLUDED.detail ELSE f.detail END,
                   receive_count   = CASE WHEN EXCLUDED.last_seen_at >= f.last_seen_at THEN EXCLUDED.receive_count ELSE f.receive_count END,
                   failures        = f.failures + EXCLUDED.failures,
                   first_seen_at   = LEAST(f.first_seen_at, EXCLUDED.first_seen_at),
                   last_seen_at    = GREATEST(f.last_seen_at, EXCLUDED.last_seen_at),
                   resolved_at     = CASE WHEN f.resolved_at >= EXCLUDED.last_seen_at THEN f.resolved_at END
            """;
    static final String RESOLVE = """
            UPDATE provisioning_failures SET resolved_at = ?
             WHERE failure_key = ANY (?::text[]) AND resolved_at IS NULL AND last_seen_at <= ?
            """;
    private static final String COLUMNS = """
            SELECT failure_key, idempotency_key, cognito_sub, message_id, reason_code, detail, receive_count, failures,
                   first_seen_at, last_seen_at, resolved_at
              FROM provisioning_failures
            """;
    static final String FIND_BY_KEYS = COLUMNS + " WHERE failure_key = ANY (?::text[])";
    static final String FIND_BY_SUB = COLUMNS + " WHERE cognito_sub = ? ORDER BY last_seen_at DESC, failure_key";

    private final Database database;

    public JdbcProvisioningFailures(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void record(Collection<ProvisioningFailure> failures, Deadline deadline) {
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(deadline, "deadline");
        if (failures.isEmpty()) {
            return;
        }
        List<ProvisioningFailure> rows = new ArrayList<>(mergedByKey(failures).values());
        int n = rows.size();
        String[] keys = new String[n];
        String[] idempotencyKeys = new String[n];
        String[] subs = new String[n];
        String[] messageIds = new String[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        Integer[] receiveCounts = new Integer[n];
        Integer[] counts = new Integer[n];
        String[] firstSeen = new String[n];
        String[] lastSeen = new String[n];
        for (int i = 0; i < n; i++) {
            ProvisioningFailure f = rows.get(i);
            keys[i] = f.failureKey();
            idempotencyKeys[i] = f.idempotencyKey();
            subs[i] = f.cognitoSub();
            messageIds[i] = f.messageId();
            reasons[i] = f.reason().code();
            details[i] = f.detail();
            receiveCounts[i] = f.receiveCount();
            counts[i] = f.failures();
            firstSeen[i] = f.firstSeenAt().toString();
            lastSeen[i] = f.lastSeenAt().toString();
        }
        database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
                ps.setArray(1, connection.createArrayOf("text", keys));
                ps.setArray(2, connection.createArrayOf("text", idempotencyKeys));
                ps.setArray(3, connection.createArrayOf("text", subs));
                ps.setArray(4, connection.createArrayOf("text", messageIds));
                ps.setArray(5, connection.createArrayOf("text", reasons));
                ps.setArray(6, connection.createArrayOf("text", details));
                ps.setArray(7, connection.createArrayOf("int4", receiveCounts));
                ps.setArray(8, connection.createArrayOf("int4", counts));
                // ISO-8601 instants with their offset: a Timestamp array would be sent in the JVM's time zone.
                ps.setArray(9, connection.createArrayOf("text", firstSeen));
                ps.setArray(10, connection.createArrayOf("text", lastSeen));
                return ps.executeUpdate();
            }
        });
    }

    /** One failure per key, in key order ({@link ProvisioningFailure#mergedWith}). */
    static Map<String, ProvisioningFailure> mergedByKey(Collection<ProvisioningFailure> failures) {
        Map<String, ProvisioningFailure> merged = new TreeMap<>();
        for (ProvisioningFailure f : failures) {
            merged.merge(f.failureKey(), f, ProvisioningFailure::mergedWith);
        }
        return merged;
    }

    @Override
    public int resolve(Collection<String> idempotencyKeys, Instant at, Deadline deadline) {
        Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(deadline, "deadline");
        if (idempotencyKeys.isEmpty()) {
            return 0;
        }
        Object[] keys = idempotencyKeys.stream().distinct().toArray();
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(RESOLVE)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setArray(2, connection.createArrayOf("text", keys));
                ps.setTimestamp(3, Timestamp.from(at));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ProvisioningFailure> findByKeys(Collection<String> failureKeys, Deadline deadline) {
        Objects.requireNonNull(failureKeys, "failureKeys");
        Objects.requireNonNull(deadline, "deadline");
        if (failureKeys.isEmpty()) {
            return List.of();
        }
        Object[] keys = failureKeys.stream().distinct().toArray();
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(FIND_BY_KEYS)) {
                ps.setArray(1, connection.createArrayOf("text", keys));
                return read(ps);
            }
        });
    }

    @Override
    public List<ProvisioningFailure> findBySub(String cognitoSub, Deadline deadline) {
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        Objects.requireNonNull(deadline, "deadline");
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(FIND_BY_SUB)) {
                ps.setString(1, cognitoSub);
                return read(ps);
            }
        });
    }

    private static List<ProvisioningFailure> read(PreparedStatement ps) throws SQLException {
        List<ProvisioningFailure> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new ProvisioningFailure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        reason(rs.getString(5)), rs.getString(6), rs.getInt(7), rs.getInt(8), instant(rs, 9),
                        instant(rs, 10), instant(rs, 11)));
            }
        }
        return found;
    }

    /**
     * A code this version does not know (written by a newer consumer) reads as {@link FailureReason#UNEXPECTED}
     * rather than failing the whole read: support still sees the row, its detail and its times.
     */
    private static FailureReason reason(String code) {
        return FailureReason.fromCode(code).orElse(FailureReason.UNEXPECTED);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
