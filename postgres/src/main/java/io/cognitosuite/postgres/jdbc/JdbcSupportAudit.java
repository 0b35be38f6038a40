package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.SupportAudit;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link SupportAudit} in PostgreSQL ({@code support_audit}, migration V6). Support commands run from a shell,
 * not inside a trigger's budget, so these calls are bounded by the pool's and the driver's timeouts only.
 */
public final class JdbcSupportAudit implements SupportAudit {
    static final String INSERT = """
            INSERT INTO support_audit (id, operator, action, arguments, counts, result, detail, request_id, started_at)
            VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
            """;
    static final String FINISH = """
            UPDATE support_audit SET result = ?, counts = ?::jsonb, detail = ?, finished_at = ? WHERE id = ?
            """;
    static final String LIST = """
            SELECT id, operator, action, arguments::text, counts::text, result, detail, request_id, started_at, finished_at
              FROM support_audit
             WHERE (?::text IS NULL OR action = ?)
             ORDER BY started_at DESC, id
             LIMIT ?
            """;

    private final Database database;

    public JdbcSupportAudit(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void started(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        database.withConnection(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                ps.setObject(1, entry.id());
                ps.setString(2, entry.operator());
                ps.setString(3, entry.action());
                ps.setString(4, Json.write(new LinkedHashMap<>(entry.arguments())));
                ps.setString(5, Json.write(new LinkedHashMap<>(entry.counts())));
                ps.setString(6, entry.result());
                ps.setString(7, entry.detail());
                ps.setString(8, entry.requestId());
                ps.setTimestamp(9, Timestamp.from(entry.startedAt()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public void finished(UUID id, String result, Map<String, Long> counts, String detail, Instant finishedAt) {
        database.withConnection(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(FINISH)) {
                ps.setString(1, result);
                ps.setString(2, Json.write(new LinkedHashMap<>(counts)));
                ps.setString(3, detail);
                ps.setTimestamp(4, Timestamp.from(finishedAt));
                ps.setObject(5, id);
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public List<AuditEntry> list(int limit, String action) {
        return database.withConnection(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(LIST)) {
                ps.setString(1, action);
                ps.setString(2, action);
                ps.setInt(3, Math.max(1, limit));
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
                return entries;
            }
        });
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new AuditEntry(rs.getObject("id", UUID.class), rs.getString("operator"), rs.getString("action"),
                strings(rs.getString("arguments")), longs(rs.getString("counts")), rs.getString("result"),
                rs.getString("detail"), rs.getString("request_id"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static Map<String, String> strings(String json) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        object(json).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static Map<String, Long> longs(String json) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        object(json).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asLong()));
        return values;
    }

    /** A jsonb column as a tree; PostgreSQL only ever returns valid JSON here. */
    private static com.fasterxml.jackson.databind.JsonNode object(String json) throws SQLException {
        try {
            return Json.parse(json);
        } catch (io.cognitosuite.core.json.MalformedJsonException e) {
            throw new SQLException("support_audit holds a jsonb value that is not JSON", e);
        }
    }
}
