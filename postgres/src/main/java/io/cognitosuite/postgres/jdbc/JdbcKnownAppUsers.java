package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.port.KnownAppUsers;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@link KnownAppUsers} in PostgreSQL: one {@code = ANY(array)} query on the unique {@code cognito_sub} index,
 * however many subs are asked about (reconcile asks once per page of 60).
 */
public final class JdbcKnownAppUsers implements KnownAppUsers {
    static final String QUERY = "SELECT cognito_sub FROM app_users WHERE cognito_sub = ANY (?::text[])";

    private final Database database;

    public JdbcKnownAppUsers(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Set<String> existing(Collection<String> subs, Deadline deadline) {
        Objects.requireNonNull(subs, "subs");
        if (subs.isEmpty()) {
            return Set.of();
        }
        Object[] asked = subs.stream().map(s -> Objects.requireNonNull(s, "sub")).distinct().toArray();
        return database.withConnection(deadline, c -> {
            Set<String> found = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(QUERY)) {
                ps.setArray(1, c.createArrayOf("text", asked));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return Set.copyOf(found);
        });
    }
}
