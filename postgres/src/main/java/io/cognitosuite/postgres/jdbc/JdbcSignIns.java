package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.port.SignIns;
import io.cognitosuite.core.time.Deadline;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Objects;

/**
 * {@link SignIns} in PostgreSQL: one statement updates the user's row and, only if there is one,
 * writes the {@code user.signed_in} outbox event, so the two can never disagree and a sign-in costs
 * one round trip.
 */
public final class JdbcSignIns implements SignIns {
    public static final String SIGNED_IN_EVENT = "user.signed_in";
    public static final int SIGNED_IN_VERSION = 1;

    static final String RECORD = """
            WITH u AS (
                UPDATE app_users
                   SET last_sign_in_at = ?, sign_in_count = sign_in_count + 1, updated_at = now()
                 WHERE cognito_sub = ?
             RETURNING id, cognito_sub, user_pool_id)
            INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
            SELECT ?, ?, 'app_user', u.id,
                   jsonb_build_object('version', ?, 'appUserId', u.id, 'cognitoSub', u.cognito_sub,
                                      'userPoolId', u.user_pool_id, 'clientId', ?::text, 'newDevice', ?,
                                      'triggerSource', ?::text, 'signedInAt', ?::text)
              FROM u
            RETURNING aggregate_id
            """;

    private final Database database;

    public JdbcSignIns(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public boolean record(SignIn signIn, Deadline deadline) {
        Objects.requireNonNull(signIn, "signIn");
        // One statement is atomic on its own: no transaction, so no second round trip for a commit.
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
                ps.setTimestamp(1, Timestamp.from(signIn.signedInAt()));
                ps.setString(2, signIn.cognitoSub());
                ps.setString(3, SIGNED_IN_EVENT);
                ps.setInt(4, SIGNED_IN_VERSION);
                ps.setInt(5, SIGNED_IN_VERSION);
                ps.setString(6, signIn.clientId());
                ps.setBoolean(7, signIn.newDevice());
                ps.setString(8, signIn.triggerSource());
                ps.setString(9, signIn.signedInAt().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
