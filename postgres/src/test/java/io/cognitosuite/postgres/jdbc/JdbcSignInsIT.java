package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Clock;
import io.cognitosuite.core.time.Deadline;

import io.cognitosuite.core.contract.UserSignedInEvent;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcSignInsIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /**
     * The payload as the statement built it in SQL before the contract moved to Java: the reference for what the
     * relay reads ({@code payload::text}) and so for what the bus's subscribers see.
     */
    private static final String FORMER_PAYLOAD = """
            SELECT jsonb_build_object('version', ?, 'appUserId', u.id, 'cognitoSub', u.cognito_sub,
                                      'userPoolId', u.user_pool_id, 'clientId', ?::text, 'newDevice', ?,
                                      'triggerSource', ?::text, 'signedInAt', ?::text)::text
              FROM app_users u WHERE u.cognito_sub = ?
            """;

    private MigratedDatabase db;
    private JdbcSignIns signIns;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("sign_ins");
        signIns = new JdbcSignIns(db.database());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @ParameterizedTest(name = "clientId {0}")
    @ValueSource(strings = {"4h5k6l7m8n9o0p1q2r3s4t5u6v", ""})
    void signIn_writesThePayloadTheBusSawBefore_byteForByte(String clientId) {
        ProvisionedUser user = provision("sub-a");
        SignIn signIn = new SignIn("sub-a", clientId.isEmpty() ? null : clientId, !clientId.isEmpty(),
                "PostAuthentication_Authentication", Instant.parse("2026-11-26T09:15:00.123456Z"));

        assertThat(signIns.record(signIn, Deadline.after(TIMEOUT, Clock.systemUTC()))).isTrue();

        String stored = storedPayload();
        assertThat(stored).isEqualTo(formerPayload(signIn));
        assertThat(stored).isEqualTo(asStored(new UserSignedInEvent(user.appUserId(), POOL, signIn).toJson()));
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'user.signed_in' AND event_version = 1"
                + " AND aggregate_type = 'app_user' AND aggregate_id = '" + user.appUserId() + "'")).isEqualTo(1);
        assertThat(db.count("SELECT sign_in_count FROM app_users WHERE cognito_sub = 'sub-a'")).isEqualTo(1);
    }

    @Test
    void unknownUser_isNotRecorded_andWritesNoEvent() {
        SignIn signIn = new SignIn("nobody", null, false, "PostAuthentication_Authentication", Instant.now());

        assertThat(signIns.record(signIn, Deadline.after(TIMEOUT, Clock.systemUTC()))).isFalse();

        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'user.signed_in'")).isZero();
    }

    private ProvisionedUser provision(String sub) {
        return new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, sub, "user-" + sub, null, false,
                null)), Deadline.none(Clock.systemUTC())).get(0);
    }

    private String storedPayload() {
        return db.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT payload::text FROM outbox_events WHERE event_type = 'user.signed_in'")) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        });
    }

    private String formerPayload(SignIn signIn) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(FORMER_PAYLOAD)) {
                ps.setInt(1, 1);
                ps.setString(2, signIn.clientId());
                ps.setBoolean(3, signIn.newDevice());
                ps.setString(4, signIn.triggerSource());
                ps.setString(5, signIn.signedInAt().toString());
                ps.setString(6, signIn.cognitoSub());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** A JSON text as the jsonb column stores and the relay reads it back. */
    private String asStored(String json) {
        return db.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb::text")) {
                ps.setString(1, json);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
