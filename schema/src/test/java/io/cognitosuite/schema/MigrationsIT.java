package io.cognitosuite.schema;

import io.cognitosuite.core.port.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsIT {
    private static MigratedDatabase db;

    @BeforeAll
    static void migrate() {
        db = MigratedDatabase.create("migrations");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void apply_isIdempotent() {
        assertThat(Migrations.apply(db.database().dataSource())).isZero();
    }

    @Test
    void appUsers_hasOnlyThePrimaryKeyAndTheUniqueSubIndex() {
        List<String> indexes = db.database().withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'app_users' ORDER BY indexname")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });

        assertThat(indexes).containsExactly("app_users_cognito_sub_key", "app_users_pkey");
    }

    @Test
    void appUsers_defaultsRoleToUserAndPlanToFree() {
        db.database().withConnection(c -> c.createStatement().executeUpdate(
                "INSERT INTO app_users (cognito_sub, user_pool_id, username) VALUES ('defaults-sub', 'pool', 'u')"));

        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = 'defaults-sub' "
                + "AND role = 'user' AND billing_plan = 'free' AND id IS NOT NULL AND created_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void workspaceMembers_acceptsOnlyTheFourRoles() {
        Throwable rejected = null;
        try {
            db.database().inTransaction(c -> {
                c.createStatement().executeUpdate(
                        "INSERT INTO app_users (id, cognito_sub, user_pool_id, username) VALUES "
                                + "('00000000-0000-4000-8000-000000000001', 'roles-sub', 'pool', 'u')");
                c.createStatement().executeUpdate("INSERT INTO workspaces (id, name, owner_user_id) VALUES "
                        + "('00000000-0000-4000-8000-000000000002', 'w', '00000000-0000-4000-8000-000000000001')");
                for (String role : List.of("owner", "admin", "member", "viewer")) {
                    c.createStatement().executeUpdate("DELETE FROM workspace_members");
                    c.createStatement().executeUpdate("INSERT INTO workspace_members (workspace_id, user_id, role) VALUES "
                            + "('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '" + role + "')");
                }
                c.createStatement().executeUpdate("DELETE FROM workspace_members");
                return c.createStatement().executeUpdate("INSERT INTO workspace_members (workspace_id, user_id, role) VALUES "
                        + "('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'superuser')");
            });
        } catch (DataAccessException e) {
            rejected = e;
        }

        assertThat(rejected).isInstanceOf(DataAccessException.class);
        assertThat(((DataAccessException) rejected).sqlState()).isEqualTo("23514");
        assertThat(((DataAccessException) rejected).isTransient()).isFalse();
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = 'roles-sub'"))
                .as("the whole transaction was rolled back").isZero();
    }
}
