package io.cognitosuite.postgres.jdbc;

import io.cognitosuite.core.contract.AppUserRoleChangedEvent;
import io.cognitosuite.core.domain.AdminAction;
import io.cognitosuite.core.domain.AppUserStanding;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.domain.StandingChange;
import io.cognitosuite.core.domain.StandingChangeOutcome;
import io.cognitosuite.core.port.AdminUserChanges;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AdminUserChanges} in PostgreSQL ({@code admin_audit}, migration V7). Each call is one transaction bounded by
 * the caller's deadline ({@link Database#inTransaction(Deadline, io.cognitosuite.postgres.SqlWork)}): lock the target
 * row ({@code SELECT … FOR UPDATE} on the {@code cognito_sub} key) and read its standing under the lock, then, only if
 * the standing changes, update it, insert the audit row and insert the {@code app_user.role_changed} outbox event. Any
 * failure rolls back all three. Two concurrent changes of one user queue on the lock, and the second sees the first's
 * result as its {@code before}.
 */
public final class JdbcAdminUserChanges implements AdminUserChanges {
    static final String ROLE_CHANGE = "role_change";
    static final String INVITE = "invite";

    static final String LOCK_TARGET = "SELECT id, role, billing_plan FROM app_users WHERE cognito_sub = ? FOR UPDATE";
    static final String UPDATE_STANDING = "UPDATE app_users SET role = ?, billing_plan = ?, updated_at = now() WHERE id = ?";
    static final String INSERT_AUDIT = """
            INSERT INTO admin_audit (action, actor_app_user_id, actor_sub, target_app_user_id, target_sub,
                                     before_role, before_plan, after_role, after_plan, request_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id, occurred_at
            """;
    static final String INSERT_EVENT = """
            INSERT INTO outbox_events (event_type, event_version, aggregate_type, aggregate_id, payload)
            VALUES (?, ?, 'app_user', ?, ?::jsonb)
            """;

    private final Database database;

    public JdbcAdminUserChanges(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<StandingChangeOutcome> changeStanding(AdminAction action, String targetSub, StandingChange change,
                                                          Deadline deadline) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetSub, "targetSub");
        Objects.requireNonNull(change, "change");
        return database.inTransaction(deadline, c -> {
            Optional<AppUserStanding> before = lock(c, targetSub);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            AppUserStanding after = change.applyTo(before.get());
            if (after.equals(before.get())) {
                return Optional.of(new StandingChangeOutcome(targetSub, before.get(), after, null));
            }
            return Optional.of(write(c, ROLE_CHANGE, action, targetSub, before.get(), after));
        });
    }

    @Override
    public InvitationRecord recordInvitation(AdminAction action, NewAppUser user, StandingChange standing,
                                             Deadline deadline) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(user, "user");
        return database.inTransaction(deadline, c -> {
            ProvisionedUser provisioned = JdbcAppUsers.provisionIn(c, List.of(user)).get(0);
            AppUserStanding before = lock(c, user.sub())
                    .orElseThrow(() -> new SQLException("user neither provisioned nor found", "40001"));
            AppUserStanding after = standing == null ? before : standing.applyTo(before);
            // An invitation is on the record even when it sets the defaults; write() skips the event in that case.
            return new InvitationRecord(provisioned.created(), write(c, INVITE, action, user.sub(), before, after));
        });
    }

    private static Optional<AppUserStanding> lock(Connection c, String sub) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_TARGET)) {
            ps.setString(1, sub);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new AppUserStanding(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** The update (if the standing changes), the audit row, and the event (if it changes), in that order. */
    private static StandingChangeOutcome write(Connection c, String kind, AdminAction action, String targetSub,
                                               AppUserStanding before, AppUserStanding after) throws SQLException {
        boolean changed = !after.equals(before);
        if (changed) {
            try (PreparedStatement ps = c.prepareStatement(UPDATE_STANDING)) {
                ps.setString(1, after.role());
                ps.setString(2, after.plan());
                ps.setObject(3, before.appUserId());
                ps.executeUpdate();
            }
        }
        UUID auditId;
        OffsetDateTime occurredAt;
        try (PreparedStatement ps = c.prepareStatement(INSERT_AUDIT)) {
            ps.setString(1, kind);
            ps.setObject(2, action.actorAppUserId());
            ps.setString(3, action.actorSub());
            ps.setObject(4, before.appUserId());
            ps.setString(5, targetSub);
            ps.setString(6, before.role());
            ps.setString(7, before.plan());
            ps.setString(8, after.role());
            ps.setString(9, after.plan());
            ps.setString(10, action.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                auditId = rs.getObject(1, UUID.class);
                occurredAt = rs.getObject(2, OffsetDateTime.class);
            }
        }
        if (changed) {
            AppUserRoleChangedEvent event = new AppUserRoleChangedEvent(before.appUserId(), targetSub, before.role(),
                    before.plan(), after.role(), after.plan(), action.actorAppUserId(), auditId, occurredAt.toInstant());
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                ps.setString(1, AppUserRoleChangedEvent.TYPE);
                ps.setInt(2, AppUserRoleChangedEvent.VERSION);
                ps.setObject(3, before.appUserId());
                ps.setString(4, event.toJson());
                ps.executeUpdate();
            }
        }
        return new StandingChangeOutcome(targetSub, before, after, auditId);
    }
}
