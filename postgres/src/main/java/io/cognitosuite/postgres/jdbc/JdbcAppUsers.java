package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.contract.AppUserCreatedEvent;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.time.Deadline;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link AppUsers} in PostgreSQL. One transaction per call, a fixed number of statements whatever the
 * batch size: insert the missing users ({@code ON CONFLICT (cognito_sub) DO NOTHING}), then for the
 * rows just inserted their personal workspaces (linked from {@code app_users.personal_workspace_id}),
 * owner memberships and {@code app_user.created} outbox events, then look up the ids of the users
 * that already existed.
 *
 * <p>Rows are inserted in {@code cognito_sub} order, so two concurrent batches that share users wait
 * for each other on the unique index in the same order and cannot deadlock; the second one sees the
 * first one's rows as conflicts and creates nothing for them.
 */
public final class JdbcAppUsers implements AppUsers {
    static final String PERSONAL_WORKSPACE_NAME = "Personal";

    private static final String INSERT_USERS = """
            INSERT INTO app_users (cognito_sub, user_pool_id, username, email, email_verified, display_name)
            SELECT sub, pool, username, email, verified, display_name
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
                   AS u(sub, pool, username, email, verified, display_name)
             ORDER BY sub
            ON CONFLICT (cognito_sub) DO NOTHING
            RETURNING id, cognito_sub, user_pool_id, created_at
            """;
    private static final String INSERT_WORKSPACES = """
            INSERT INTO workspaces (owner_user_id, name, personal)
            SELECT owner, ?, true FROM unnest(?::uuid[]) AS w(owner)
            RETURNING id, owner_user_id
            """;
    private static final String LINK_PERSONAL = """
            UPDATE app_users u SET personal_workspace_id = x.ws
              FROM unnest(?::uuid[], ?::uuid[]) AS x(owner, ws)
             WHERE u.id = x.owner
            """;
    private static final String INSERT_OWNERS = """
            INSERT INTO workspace_members (workspace_id, user_id, role)
            SELECT ws, usr, 'owner' FROM unnest(?::uuid[], ?::uuid[]) AS m(ws, usr)
            """;
    private static final String INSERT_EVENTS = """
            INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
            SELECT ?, ?, 'app_user', agg, payload::jsonb FROM unnest(?::uuid[], ?::text[]) AS e(agg, payload)
            """;
    private static final String SELECT_IDS = "SELECT id, cognito_sub FROM app_users WHERE cognito_sub = ANY (?::text[])";

    private final Database database;

    public JdbcAppUsers(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<ProvisionedUser> provision(List<NewAppUser> users, Deadline deadline) {
        Map<String, NewAppUser> distinct = distinctBySub(users);
        return distinct.isEmpty() ? List.of() : database.inTransaction(deadline, connection -> provision(connection, distinct));
    }

    /**
     * The statements of {@link #provision} on a connection whose transaction the caller owns, for an adapter that must
     * provision in the same transaction as its own writes ({@code JdbcAdminUserChanges} records an invitation): one
     * path for every way a user is created.
     */
    static List<ProvisionedUser> provisionIn(Connection connection, List<NewAppUser> users) throws SQLException {
        Map<String, NewAppUser> distinct = distinctBySub(users);
        return distinct.isEmpty() ? List.of() : provision(connection, distinct);
    }

    /** Copies of one user in a batch become one write; the first copy wins. */
    private static Map<String, NewAppUser> distinctBySub(List<NewAppUser> users) {
        Objects.requireNonNull(users, "users");
        Map<String, NewAppUser> distinct = new LinkedHashMap<>();
        for (NewAppUser user : users) {
            distinct.putIfAbsent(user.sub(), user);
        }
        return distinct;
    }

    private static List<ProvisionedUser> provision(Connection connection, Map<String, NewAppUser> distinct)
            throws SQLException {
        List<NewAppUser> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparing(NewAppUser::sub));

        Map<String, Inserted> inserted = insertUsers(connection, sorted);
        if (!inserted.isEmpty()) {
            Map<UUID, UUID> workspaceByOwner = insertWorkspaces(connection, inserted.values());
            insertOwners(connection, workspaceByOwner);
            linkPersonalWorkspaces(connection, workspaceByOwner);
            insertCreatedEvents(connection, inserted.values(), workspaceByOwner);
        }

        Map<String, UUID> existing = new HashMap<>();
        if (inserted.size() < distinct.size()) {
            List<String> missing = distinct.keySet().stream().filter(sub -> !inserted.containsKey(sub)).toList();
            existing.putAll(selectIds(connection, missing));
        }

        List<ProvisionedUser> result = new ArrayList<>(distinct.size());
        for (String sub : distinct.keySet()) {
            Inserted row = inserted.get(sub);
            if (row != null) {
                result.add(new ProvisionedUser(sub, row.id(), true));
            } else {
                UUID id = existing.get(sub);
                if (id == null) {
                    // Only possible if a row was deleted between our insert and select; fail the call.
                    throw new SQLException("user " + sub + " neither inserted nor found", "40001");
                }
                result.add(new ProvisionedUser(sub, id, false));
            }
        }
        return result;
    }

    private record Inserted(UUID id, String sub, String userPoolId, java.time.OffsetDateTime createdAt) {
    }

    private static Map<String, Inserted> insertUsers(Connection c, List<NewAppUser> users) throws SQLException {
        int n = users.size();
        String[] subs = new String[n];
        String[] pools = new String[n];
        String[] names = new String[n];
        String[] emails = new String[n];
        Boolean[] verified = new Boolean[n];
        String[] displayNames = new String[n];
        for (int i = 0; i < n; i++) {
            NewAppUser u = users.get(i);
            subs[i] = u.sub();
            pools[i] = u.userPoolId();
            names[i] = u.username();
            emails[i] = u.email();
            verified[i] = u.emailVerified();
            displayNames[i] = u.displayName();
        }
        Map<String, Inserted> inserted = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_USERS)) {
            ps.setArray(1, c.createArrayOf("text", subs));
            ps.setArray(2, c.createArrayOf("text", pools));
            ps.setArray(3, c.createArrayOf("text", names));
            ps.setArray(4, c.createArrayOf("text", emails));
            ps.setArray(5, c.createArrayOf("boolean", verified));
            ps.setArray(6, c.createArrayOf("text", displayNames));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Inserted row = new Inserted(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class));
                    inserted.put(row.sub(), row);
                }
            }
        }
        return inserted;
    }

    private static Map<UUID, UUID> insertWorkspaces(Connection c, Iterable<Inserted> users) throws SQLException {
        List<UUID> owners = new ArrayList<>();
        users.forEach(u -> owners.add(u.id()));
        Map<UUID, UUID> workspaceByOwner = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_WORKSPACES)) {
            ps.setString(1, PERSONAL_WORKSPACE_NAME);
            ps.setArray(2, c.createArrayOf("uuid", owners.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    workspaceByOwner.put(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class));
                }
            }
        }
        return workspaceByOwner;
    }

    private static void insertOwners(Connection c, Map<UUID, UUID> workspaceByOwner) throws SQLException {
        List<UUID> workspaces = new ArrayList<>();
        List<UUID> owners = new ArrayList<>();
        workspaceByOwner.forEach((owner, workspace) -> {
            owners.add(owner);
            workspaces.add(workspace);
        });
        try (PreparedStatement ps = c.prepareStatement(INSERT_OWNERS)) {
            Array ws = c.createArrayOf("uuid", workspaces.toArray());
            Array us = c.createArrayOf("uuid", owners.toArray());
            ps.setArray(1, ws);
            ps.setArray(2, us);
            ps.executeUpdate();
        }
    }

    private static void linkPersonalWorkspaces(Connection c, Map<UUID, UUID> workspaceByOwner) throws SQLException {
        List<UUID> owners = new ArrayList<>(workspaceByOwner.keySet());
        List<UUID> workspaces = owners.stream().map(workspaceByOwner::get).toList();
        try (PreparedStatement ps = c.prepareStatement(LINK_PERSONAL)) {
            ps.setArray(1, c.createArrayOf("uuid", owners.toArray()));
            ps.setArray(2, c.createArrayOf("uuid", workspaces.toArray()));
            ps.executeUpdate();
        }
    }

    private static void insertCreatedEvents(Connection c, Iterable<Inserted> users, Map<UUID, UUID> workspaceByOwner)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Inserted u : users) {
            ids.add(u.id());
            payloads.add(new AppUserCreatedEvent(u.id(), u.sub(), u.userPoolId(), workspaceByOwner.get(u.id()),
                    u.createdAt().toInstant()).toJson());
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS)) {
            ps.setString(1, AppUserCreatedEvent.TYPE);
            ps.setInt(2, AppUserCreatedEvent.VERSION);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(4, c.createArrayOf("text", payloads.toArray()));
            ps.executeUpdate();
        }
    }

    private static Map<String, UUID> selectIds(Connection c, List<String> subs) throws SQLException {
        Map<String, UUID> ids = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_IDS)) {
            ps.setArray(1, c.createArrayOf("text", subs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(2), rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }
}
