package io.cognitosuite.benchmarks;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.testing.DatabaseCoordinates;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's data: 100,000 users with a spread of workspace memberships (every user owns a
 * personal workspace; 10,000 team workspaces; users are members of 0-7 teams; every thousandth user of
 * 200 more), created with a few set-based statements.
 */
final class BenchmarkData {
    static final String POOL = "eu-west-1_Bench";
    static final int USERS = 100_000;

    private BenchmarkData() {
    }

    /**
     * The database variables template.yaml gives the functions that run 30 s (ApiFunction, UserProvisioningFunction:
     * connect 3 s, statements 5 s), pointed at the benchmark's database; a mutable map for the function's own ones.
     */
    static Map<String, String> functionDatabaseEnvironment(DatabaseCoordinates db) {
        Map<String, String> environment = new HashMap<>();
        environment.put(DatabaseSettings.URL, db.jdbcUrl());
        environment.put(DatabaseSettings.USER, db.user());
        environment.put(DatabaseSettings.PASSWORD, db.password());
        environment.put(DatabaseSettings.CONNECT_TIMEOUT, "3000");
        environment.put(DatabaseSettings.STATEMENT_TIMEOUT, "5000");
        return environment;
    }

    static void seed(Database database) {
        seed(database, USERS);
    }

    /**
     * {@code users} users with the same spread: a personal workspace each, one team workspace per ten users (10,000 at
     * the default size), members of 0-7 teams, every thousandth user of 200 more.
     */
    static void seed(Database database, int users) {
        int teams = Math.max(1, users / 10);
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO app_users (cognito_sub, user_pool_id, username, email, email_verified, role, billing_plan)
                        SELECT 'bench-' || lpad(g::text, 7, '0'), '%s', 'user' || g, 'user' || g || '@example.com', true,
                               CASE WHEN g %% 50 = 0 THEN 'admin' ELSE 'user' END,
                               CASE WHEN g %% 10 = 0 THEN 'pro' ELSE 'free' END
                          FROM generate_series(1, %d) g
                        """.formatted(POOL, users));
                s.execute("INSERT INTO workspaces (name, owner_user_id, personal) SELECT 'Personal', id, true FROM app_users");
                s.execute("INSERT INTO workspace_members (workspace_id, user_id, role) "
                        + "SELECT id, owner_user_id, 'owner' FROM workspaces WHERE personal");
                s.execute("UPDATE app_users u SET personal_workspace_id = w.id FROM workspaces w "
                        + "WHERE w.owner_user_id = u.id AND w.personal");
                s.execute("""
                        INSERT INTO workspaces (name, owner_user_id)
                        SELECT 'Team ' || g, u.id FROM generate_series(1, %d) g
                          JOIN app_users u ON u.cognito_sub = 'bench-' || lpad(g::text, 7, '0')
                        """.formatted(teams));
                s.execute("CREATE TEMP TABLE teams ON COMMIT DROP AS "
                        + "SELECT id, row_number() OVER (ORDER BY id) AS rn FROM workspaces WHERE NOT personal");
                s.execute("CREATE TEMP TABLE numbered ON COMMIT DROP AS "
                        + "SELECT id, row_number() OVER (ORDER BY cognito_sub) AS n FROM app_users");
                s.execute("""
                        INSERT INTO workspace_members (workspace_id, user_id, role)
                        SELECT t.id, u.id, (ARRAY['admin', 'member', 'member', 'viewer'])[1 + (k %% 4)]
                          FROM numbered u
                          CROSS JOIN generate_series(1, 7) k
                          JOIN teams t ON t.rn = 1 + ((u.n * 7 + k * 131) %% %d)
                         WHERE k <= u.n %% 8
                        ON CONFLICT DO NOTHING
                        """.formatted(teams));
                s.execute("""
                        INSERT INTO workspace_members (workspace_id, user_id, role)
                        SELECT t.id, u.id, 'viewer'
                          FROM numbered u
                          CROSS JOIN generate_series(1, 200) k
                          JOIN teams t ON t.rn = 1 + ((u.n + k * 37) %% %d)
                         WHERE u.n %% 1000 = 0
                        ON CONFLICT DO NOTHING
                        """.formatted(teams));
            }
            return null;
        });
        // As autovacuum leaves long-lived rows: statistics, and a visibility map that allows index-only scans.
        database.withConnection(c -> c.createStatement().execute("VACUUM (FREEZE, ANALYZE)"));
    }

    /** About a thousand users spread over the whole range, heavy members included. */
    static List<String> sampleSubs(Database database) {
        return sampleSubs(database, USERS);
    }

    /** About a thousand users spread over the whole range of a database seeded with {@code users}. */
    static List<String> sampleSubs(Database database, int users) {
        int every = Math.max(1, users / 1031);
        return database.withConnection(c -> {
            List<String> subs = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT cognito_sub FROM app_users WHERE substr(cognito_sub, 7)::int % " + every
                            + " = 0 ORDER BY cognito_sub")) {
                while (rs.next()) {
                    subs.add(rs.getString(1));
                }
            }
            return subs;
        });
    }
}
