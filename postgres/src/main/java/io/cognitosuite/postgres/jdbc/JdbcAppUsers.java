package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.contract.AppUserCreatedEvent;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.time.Deadline;
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
 * {@link AppUsers} in PostgreSQL. One statement per call whatever the batch size, atomic on its own (auto-commit): the
 * PL/pgSQL function {@code provision_app_users} (migration V9) inserts the missing users
 * ({@code ON CONFLICT (cognito_sub) DO NOTHING}), for the rows just inserted their personal workspaces (linked from
 * {@code app_users.personal_workspace_id}), owner memberships and {@code app_user.created} outbox events, and returns
 * the id of every user given, those that already existed included. The server keeps the plans of its statements per
 * session, where the driver's unnamed statements ({@code prepareThreshold=0}) would be parsed and planned on every
 * call; the call costs one round trip. {@link #provisionIn} runs the same statement in the caller's transaction.
 *
 * <p>Rows are inserted in {@code cognito_sub} order, so two concurrent batches that share users wait
 * for each other on the unique index in the same order and cannot deadlock; the second one sees the
 * first one's rows as conflicts and creates nothing for them.
 */
public final class JdbcAppUsers implements AppUsers {
    static final String PERSONAL_WORKSPACE_NAME = "Personal";

    /** The statement of a call: one row per distinct sub given (sub, id, whether this call created it). */
    static final String PROVISION = """
            SELECT cognito_sub, app_user_id, created
              FROM provision_app_users(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?, ?, ?)
            """;

    private final Database database;

    public JdbcAppUsers(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<ProvisionedUser> provision(List<NewAppUser> users, Deadline deadline) {
        Map<String, NewAppUser> distinct = distinctBySub(users);
        // One statement is atomic on its own (its own transaction in auto-commit, as JdbcSignIns does), so no second
        // round trip for a commit; the function fails the whole call itself if a user is neither inserted nor found.
        return distinct.isEmpty() ? List.of()
                : database.withConnection(deadline, connection -> provision(connection, distinct));
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
        // Sorted here as well as in the function's insert, so that what a call sends does not depend on arrival order.
        List<NewAppUser> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparing(NewAppUser::sub));
        Map<String, ProvisionedUser> bySub = call(connection, sorted);

        List<ProvisionedUser> result = new ArrayList<>(distinct.size());
        for (String sub : distinct.keySet()) {
            ProvisionedUser row = bySub.get(sub);
            if (row == null) {
                // The function fails the call itself when a sub is neither inserted nor found; this only guards it.
                throw new SQLException("user " + sub + " neither inserted nor found", "40001");
            }
            result.add(row);
        }
        return result;
    }

    private static Map<String, ProvisionedUser> call(Connection c, List<NewAppUser> users) throws SQLException {
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
        Map<String, ProvisionedUser> bySub = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(PROVISION)) {
            ps.setArray(1, c.createArrayOf("text", subs));
            ps.setArray(2, c.createArrayOf("text", pools));
            ps.setArray(3, c.createArrayOf("text", names));
            ps.setArray(4, c.createArrayOf("text", emails));
            ps.setArray(5, c.createArrayOf("boolean", verified));
            ps.setArray(6, c.createArrayOf("text", displayNames));
            ps.setString(7, PERSONAL_WORKSPACE_NAME);
            ps.setString(8, AppUserCreatedEvent.TYPE);
            ps.setInt(9, AppUserCreatedEvent.VERSION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sub = rs.getString(1);
                    bySub.put(sub, new ProvisionedUser(sub, rs.getObject(2, UUID.class), rs.getBoolean(3)));
                }
            }
        }
        return bySub;
    }
}
