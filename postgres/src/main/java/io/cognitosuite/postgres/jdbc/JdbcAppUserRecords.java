package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.domain.AppUserRecord;
import io.cognitosuite.core.domain.AppUserRecord.EventEntry;
import io.cognitosuite.core.domain.AppUserRecord.Membership;
import io.cognitosuite.core.port.AppUserRecords;
import io.cognitosuite.postgres.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link AppUserRecords} in PostgreSQL: three statements per user on one connection. */
public final class JdbcAppUserRecords implements AppUserRecords {
    static final String USER_COLUMNS = """
            SELECT id, cognito_sub, user_pool_id, username, email, email_verified, role, billing_plan, created_at,
                   updated_at, last_sign_in_at, sign_in_count
              FROM app_users
            """;
    static final String BY_SUB = USER_COLUMNS + " WHERE cognito_sub = ?";
    static final String BY_EMAIL = USER_COLUMNS + " WHERE lower(email) = lower(?) ORDER BY created_at";
    static final String MEMBERSHIPS = """
            SELECT w.id, w.name, w.personal, m.role
              FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
             WHERE m.user_id = ?
             ORDER BY w.personal DESC, w.created_at, w.id
            """;
    static final String EVENTS = """
            SELECT id, event_type, event_version, occurred_at, published_at, publish_attempts, last_error
              FROM outbox_events
             WHERE aggregate_type = 'app_user' AND aggregate_id = ?
             ORDER BY occurred_at DESC, id
             LIMIT ?
            """;

    private final Database database;

    public JdbcAppUserRecords(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<AppUserRecord> bySub(String cognitoSub) {
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        List<AppUserRecord> found = find(BY_SUB, cognitoSub);
        return found.stream().findFirst();
    }

    @Override
    public List<AppUserRecord> byEmail(String email) {
        Objects.requireNonNull(email, "email");
        return find(BY_EMAIL, email);
    }

    private List<AppUserRecord> find(String sql, String value) {
        return database.withConnection(connection -> {
            List<AppUserRecord> users = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.add(user(rs, connection));
                    }
                }
            }
            return users;
        });
    }

    private static AppUserRecord user(ResultSet rs, Connection connection) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new AppUserRecord(id, rs.getString("cognito_sub"), rs.getString("user_pool_id"), rs.getString("username"),
                rs.getString("email"), rs.getBoolean("email_verified"), rs.getString("role"), rs.getString("billing_plan"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "last_sign_in_at"),
                rs.getInt("sign_in_count"), memberships(connection, id), events(connection, id));
    }

    private static List<Membership> memberships(Connection connection, UUID user) throws SQLException {
        List<Membership> memberships = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(MEMBERSHIPS)) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    memberships.add(new Membership(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                            rs.getString(4)));
                }
            }
        }
        return memberships;
    }

    private static List<EventEntry> events(Connection connection, UUID user) throws SQLException {
        List<EventEntry> events = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(EVENTS)) {
            ps.setObject(1, user);
            ps.setInt(2, MAX_EVENTS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new EventEntry(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            instant(rs, "occurred_at"), instant(rs, "published_at"), rs.getInt(6), rs.getString(7)));
                }
            }
        }
        return events;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
