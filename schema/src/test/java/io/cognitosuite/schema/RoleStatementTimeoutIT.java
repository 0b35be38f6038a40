package io.cognitosuite.schema;

import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.port.DatabaseUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.RecordingPostgresProxy;
import io.cognitosuite.testing.RecordingPostgresProxy.Statement;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statement timeout lives on the app's role, put there by the migration, so that no session runs
 * {@code SET} (RDS Proxy pins every session that does). Checked on the wire through a recording proxy: the
 * functions' sessions send no statement that changes session state and never name a server-prepared statement.
 */
class RoleStatementTimeoutIT {
    private static final AtomicInteger ROLES = new AtomicInteger();
    /** Statements that change session state, which RDS Proxy for PostgreSQL answers by pinning the session. */
    private static final Pattern SESSION_STATE = Pattern.compile(
            "(?is)^\\s*(SET|RESET|DISCARD|PREPARE|EXECUTE|DEALLOCATE|LISTEN|LOAD)\\b.*|.*\\bset_config\\s*\\(.*");
    private static final Duration ROLE_TIMEOUT = Duration.ofMillis(1234);

    private DatabaseCoordinates admin;
    private Database migrationPool;
    private RecordingPostgresProxy proxy;

    @BeforeEach
    void setUp() {
        admin = TestDatabases.shared().createDatabase("role_timeout");
        migrationPool = Database.pooled(MigratedDatabase.settings(admin));
        proxy = RecordingPostgresProxy.start(URI.create(admin.jdbcUrl().substring("jdbc:".length())).getPort());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        migrationPool.close();
    }

    @Test
    void appRoleSession_startsWithTheRolesStatementTimeout_withNoSetOnTheWire() {
        String role = newAppRole();
        Migrations.apply(migrationPool.dataSource(), migration(role, ROLE_TIMEOUT));

        // The function's own setting differs from the role's: the role's is what the server applies.
        try (Database app = appDatabase(role, Duration.ofMillis(5000))) {
            String timeout = app.withConnection(c -> show(c, "statement_timeout"));
            app.inTransaction(c -> show(c, "statement_timeout"));
            app.withConnection(Deadline.after(Duration.ofSeconds(2), Clock.systemUTC()), c -> show(c, "statement_timeout"));

            assertThat(timeout).isEqualTo("1234ms");
        }
        List<Statement> sent = proxy.statements();
        assertThat(sent).as("what the sessions sent").extracting(Statement::sql).contains("SHOW statement_timeout")
                .noneMatch(sql -> SESSION_STATE.matcher(sql).matches());
        assertThat(proxy.startups()).isNotEmpty().allSatisfy(startup -> assertThat(startup)
                .containsEntry("user", role)
                .containsEntry("application_name", "cognito-suite")
                .doesNotContainKey("options"));
    }

    @Test
    void appRoleSession_longStatement_isCancelledByTheServer_atTheRolesTimeout() {
        String role = newAppRole();
        Migrations.apply(migrationPool.dataSource(), migration(role, Duration.ofMillis(300)));

        // Socket timeout 6 s: only the server's statement_timeout can end this within a second.
        try (Database app = appDatabase(role, Duration.ofMillis(5000))) {
            long started = System.nanoTime();
            DataAccessException failure = catchThrowableOfType(DataAccessException.class,
                    () -> app.withConnection(c -> c.createStatement().execute("SELECT pg_sleep(3)")));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(failure.sqlState()).isEqualTo("57014");
            assertThat(failure.isTransient()).isTrue();
            assertThat(waited).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void aRepeatedStatement_isNeverServerPrepared_soNoSessionHoldsANamedStatement() {
        String role = newAppRole();
        Migrations.apply(migrationPool.dataSource(), migration(role, ROLE_TIMEOUT));

        try (Database app = appDatabase(role, Duration.ofMillis(1000))) {
            app.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                    for (int i = 0; i < 10; i++) {
                        ps.setInt(1, i);
                        ps.executeQuery().close();
                    }
                }
                return null;
            });
            for (int i = 0; i < 10; i++) {
                int n = i;
                app.withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 2")) {
                        ps.setInt(1, n);
                        ps.executeQuery().close();
                    }
                    return null;
                });
            }
        }
        List<Statement> parsed = proxy.statements().stream().filter(s -> s.message() == 'P').toList();
        assertThat(parsed).extracting(Statement::sql).contains("SELECT $1::int + 1", "SELECT $1::int + 2");
        assertThat(parsed).extracting(Statement::name).as("names of parsed statements").containsOnly("");
    }

    @Test
    void aChangedValue_isPutOnTheRoleByTheNextMigration() {
        String role = newAppRole();
        Migrations.apply(migrationPool.dataSource(), migration(role, ROLE_TIMEOUT));

        Migrations.apply(migrationPool.dataSource(), migration(role, Duration.ofMillis(2000)));

        try (Database app = appDatabase(role, Duration.ofMillis(1000))) {
            String timeout = app.withConnection(c -> show(c, "statement_timeout"));

            assertThat(timeout).isEqualTo("2s");
        }
    }

    @Test
    void migrationAsTheAppRole_runsItsOwnStatementsWithTheMigrationsTimeout_notTheRoles() {
        // No separate migration user: the migration logs in as the role it puts the timeout on.
        DatabaseSettings migrationConnection = MigratedDatabase.settings(admin).withStatementTimeout(Duration.ofMinutes(5));
        Migrations.apply(migrationPool.dataSource(), new MigrationSettings(migrationConnection, admin.user(), ROLE_TIMEOUT));

        // The next deployment: new sessions of the same role. Flyway holds both of the pool's connections at
        // once, so both physical connections are Flyway's, and both are asked.
        try (Database nextDeployment = Database.pooled(migrationConnection)) {
            Migrations.apply(nextDeployment.dataSource(), new MigrationSettings(migrationConnection, admin.user(), ROLE_TIMEOUT));

            List<String> timeouts = nextDeployment.withConnection(first -> nextDeployment.withConnection(
                    second -> List.of(show(first, "statement_timeout"), show(second, "statement_timeout"))));

            assertThat(timeouts).containsExactly("5min", "5min");
        }
        try (Database appSession = Database.pooled(MigratedDatabase.settings(admin))) {
            String timeout = appSession.withConnection(c -> show(c, "statement_timeout"));

            assertThat(timeout).isEqualTo("1234ms");
        }
    }

    private MigrationSettings migration(String role, Duration timeout) {
        return new MigrationSettings(MigratedDatabase.settings(admin), role, timeout);
    }

    /** A login role like the functions' own: not the superuser the migration runs as. */
    private String newAppRole() {
        String role = "app_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        TestDatabases.execute(admin, "CREATE ROLE " + role + " LOGIN");
        return role;
    }

    private Database appDatabase(String role, Duration statementTimeout) {
        return Database.pooled(DatabaseSettings.withDefaults(proxy.route(admin.jdbcUrl()), role, "")
                .withStatementTimeout(statementTimeout));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
