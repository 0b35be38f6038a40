package io.cognitosuite.benchmarks;

import io.cognitosuite.core.contract.AppUserCreatedEvent;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.testing.DatabaseCoordinates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The consumer's database stage: {@code JdbcAppUsers.provision} of one batch (one statement in auto-commit, the
 * PL/pgSQL function {@code provision_app_users}) against the naive loop a hand-written consumer would run, one user at a time in autocommit (insert
 * the user {@code ON CONFLICT DO NOTHING}, and for a new one its personal workspace, owner membership, the link and the
 * {@code app_user.created} outbox row). Batches of 10 and 100 messages, 30 % of them duplicates of users already
 * written (redeliveries); the two take turns, batch by batch, on the same database and pool settings, each with users
 * of its own. Rows per second counts messages handled, duplicates included.
 */
final class ConsumerStageBenchmark {
    /** The target: the suite's stage at least five times the naive loop's rows per second. */
    static final double TARGET_RATIO = 5.0;
    private static final double DUPLICATES = 0.3;
    private static final String POOL = "eu-west-1_Stage";

    private ConsumerStageBenchmark() {
    }

    static void run(DatabaseCoordinates db, boolean quick, String server) throws SQLException {
        try (Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()))) {
            JdbcAppUsers appUsers = new JdbcAppUsers(database);
            System.out.println();
            System.out.printf(Locale.ROOT, "Consumer database stage, %d %% duplicates, batches taking turns (messages per second); %s%n",
                    Math.round(DUPLICATES * 100), server);
            System.out.printf(Locale.ROOT, "%-8s %10s %14s %14s %8s%n", "batch", "messages", "provision", "naive loop", "ratio");
            for (int size : new int[] {10, 100}) {
                int batches = (quick ? 2_000 : 6_000) / size;
                Random random = new Random(size);
                List<String> suiteSubs = new ArrayList<>();
                List<String> naiveSubs = new ArrayList<>();
                long suiteNanos = 0;
                long naiveNanos = 0;
                long messages = 0;
                int warmup = Math.max(5, batches / 10);
                for (int b = -warmup; b < batches; b++) {
                    List<NewAppUser> suiteBatch = batch(size, suiteSubs, random, "s" + size + server.charAt(0));
                    List<NewAppUser> naiveBatch = batch(size, naiveSubs, random, "n" + size + server.charAt(0));
                    long started = System.nanoTime();
                    appUsers.provision(suiteBatch, Deadline.after(Duration.ofSeconds(30), Clock.systemUTC()));
                    long suiteTook = System.nanoTime() - started;
                    started = System.nanoTime();
                    naive(database, naiveBatch);
                    long naiveTook = System.nanoTime() - started;
                    if (b >= 0) {
                        suiteNanos += suiteTook;
                        naiveNanos += naiveTook;
                        messages += size;
                    }
                }
                double suiteRate = messages / (suiteNanos / 1e9);
                double naiveRate = messages / (naiveNanos / 1e9);
                System.out.printf(Locale.ROOT, "%-8d %10d %14.0f %14.0f %8.2f%n", size, messages, suiteRate, naiveRate,
                        suiteRate / naiveRate);
                requireOneRowPerUser(database, "s" + size + server.charAt(0), suiteSubs.size());
                requireOneRowPerUser(database, "n" + size + server.charAt(0), naiveSubs.size());
            }
            System.out.printf(Locale.ROOT, "target: provision at least %.0f times the naive loop's rate%n", TARGET_RATIO);
        }
    }

    /** {@code size} users: 30 % already written by this side (redeliveries), the rest new; in a shuffled order. */
    private static List<NewAppUser> batch(int size, List<String> written, Random random, String prefix) {
        List<NewAppUser> batch = new ArrayList<>(size);
        int duplicates = written.isEmpty() ? 0 : (int) Math.round(size * DUPLICATES);
        for (int i = 0; i < duplicates; i++) {
            batch.add(user(written.get(random.nextInt(written.size()))));
        }
        while (batch.size() < size) {
            String sub = prefix + "-" + UUID.randomUUID();
            written.add(sub);
            batch.add(user(sub));
        }
        Collections.shuffle(batch, random);
        return batch;
    }

    private static NewAppUser user(String sub) {
        return new NewAppUser(POOL, sub, sub, null, false, null);
    }

    /** The loop a consumer written by hand runs: each statement its own transaction. */
    private static void naive(Database database, List<NewAppUser> batch) {
        database.withConnection(c -> {
            for (NewAppUser u : batch) {
                naive(c, u);
            }
            return null;
        });
    }

    private static void naive(Connection c, NewAppUser u) throws SQLException {
        UUID id;
        Timestamp created;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_users (cognito_sub, user_pool_id, username, "
                + "email, email_verified) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cognito_sub) DO NOTHING RETURNING id, created_at")) {
            ps.setString(1, u.sub());
            ps.setString(2, u.userPoolId());
            ps.setString(3, u.username());
            ps.setString(4, u.email());
            ps.setBoolean(5, u.emailVerified());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // a duplicate: already there
                }
                id = rs.getObject(1, UUID.class);
                created = rs.getTimestamp(2);
            }
        }
        UUID workspace;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO workspaces (owner_user_id, name, personal) VALUES (?, 'Personal', true) RETURNING id")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                workspace = rs.getObject(1, UUID.class);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, 'owner')")) {
            ps.setObject(1, workspace);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE app_users SET personal_workspace_id = ? WHERE id = ?")) {
            ps.setObject(1, workspace);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_events (event_type, event_version, "
                + "aggregate_type, aggregate_id, payload) VALUES (?, ?, 'app_user', ?, ?::jsonb)")) {
            ps.setString(1, AppUserCreatedEvent.TYPE);
            ps.setInt(2, AppUserCreatedEvent.VERSION);
            ps.setObject(3, id);
            ps.setString(4, new AppUserCreatedEvent(id, u.sub(), u.userPoolId(), workspace, created.toInstant()).toJson());
            ps.executeUpdate();
        }
    }

    /** Both sides did the same work: one row and one personal workspace per distinct user. */
    private static void requireOneRowPerUser(Database database, String prefix, int users) {
        long[] counts = database.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), count(personal_workspace_id) FROM app_users "
                    + "WHERE cognito_sub LIKE ? || '-%'")) {
                ps.setString(1, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        if (counts[0] != users || counts[1] != users) {
            throw new IllegalStateException(prefix + ": " + counts[0] + " rows, " + counts[1] + " linked, for " + users + " users");
        }
    }
}
