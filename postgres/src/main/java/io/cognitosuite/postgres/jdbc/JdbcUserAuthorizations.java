package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.domain.WorkspaceMembership;
import io.cognitosuite.core.port.UserAuthorizations;
import io.cognitosuite.core.time.Deadline;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link UserAuthorizations} in PostgreSQL: a single statement returns the user's id, role and plan
 * with the first memberships in a fixed order (owner, admin, member, viewer, then workspace id), read
 * in that order from an index without sorting. The list is cut in the database one row past what the caller keeps, so a user in
 * thousands of workspaces costs no more than the claims can carry, and the caller still learns that
 * the list was cut ({@link UserAuthorization#membershipCount()} is then larger than the list).
 */
public final class JdbcUserAuthorizations implements UserAuthorizations {
    /**
     * The statement: the function of migration V5, whose body is the lateral join (its plan cached by the server
     * session; see the migration). Public for the benchmark's same-SQL baseline.
     */
    public static final String QUERY = """
            SELECT user_id, user_role, billing_plan, workspace_id, member_role, personal
              FROM user_authorization(?, ?)
            """;

    private final Database database;

    public JdbcUserAuthorizations(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<UserAuthorization> find(String cognitoSub, int maxMemberships, Deadline deadline) {
        Objects.requireNonNull(cognitoSub, "cognitoSub");
        if (maxMemberships < 0) {
            throw new IllegalArgumentException("maxMemberships must not be negative");
        }
        // One row per membership read (at least one row when the user exists): one statement, one round trip.
        // Asking for one more than the caller keeps lets it see that the list was cut.
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(QUERY)) {
                ps.setString(1, cognitoSub);
                ps.setInt(2, maxMemberships + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    UUID id = rs.getObject(1, UUID.class);
                    String role = rs.getString(2);
                    String plan = rs.getString(3);
                    List<WorkspaceMembership> memberships = new ArrayList<>();
                    do {
                        UUID workspace = rs.getObject(4, UUID.class);
                        if (workspace != null) {
                            memberships.add(new WorkspaceMembership(workspace, rs.getString(5), rs.getBoolean(6)));
                        }
                    } while (rs.next());
                    int count = memberships.size();
                    List<WorkspaceMembership> kept = count > maxMemberships ? memberships.subList(0, maxMemberships) : memberships;
                    return Optional.of(new UserAuthorization(id, role, plan, kept, count));
                }
            }
        });
    }

}
