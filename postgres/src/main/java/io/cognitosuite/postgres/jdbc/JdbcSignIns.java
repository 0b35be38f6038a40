package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.contract.UserSignedInEvent;
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
 * one round trip. The payload is the contract's ({@link UserSignedInEvent}), built in Java; the statement adds
 * only the two fields that the row it updates holds, under the contract's names.
 */
public final class JdbcSignIns implements SignIns {
    static final String RECORD = """
            WITH u AS (
                UPDATE app_users
                   SET last_sign_in_at = ?, sign_in_count = sign_in_count + 1, updated_at = now()
                 WHERE cognito_sub = ?
             RETURNING id, user_pool_id)
            INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
            SELECT ?, ?, 'app_user', u.id, ?::jsonb || jsonb_build_object(?::text, u.id, ?::text, u.user_pool_id)
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
        String payload = UserSignedInEvent.toJsonWithoutRowFields(signIn);
        // One statement is atomic on its own: no transaction, so no second round trip for a commit.
        return database.withConnection(deadline, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
                ps.setTimestamp(1, Timestamp.from(signIn.signedInAt()));
                ps.setString(2, signIn.cognitoSub());
                ps.setString(3, UserSignedInEvent.TYPE);
                ps.setInt(4, UserSignedInEvent.VERSION);
                ps.setString(5, payload);
                ps.setString(6, UserSignedInEvent.APP_USER_ID);
                ps.setString(7, UserSignedInEvent.USER_POOL_ID);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
