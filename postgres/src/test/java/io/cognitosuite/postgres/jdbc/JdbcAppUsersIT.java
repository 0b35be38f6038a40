package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.contract.AppUserCreatedEvent;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.ProvisionedUser;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.CountingDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcAppUsersIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";
    /** The consumer's calls without a Lambda context: bounded by the pool's and the driver's timeouts only. */
    private static final Deadline NO_DEADLINE = Deadline.none(Clock.systemUTC());

    private MigratedDatabase db;
    private JdbcAppUsers users;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.create("app_users");
        users = new JdbcAppUsers(db.database());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void provision_createsUserPersonalWorkspaceOwnerAndOneEvent() throws Exception {
        List<ProvisionedUser> result = users.provision(List.of(user("sub-a", "ada@example.com")), NO_DEADLINE);

        assertThat(result).singleElement().satisfies(r -> {
            assertThat(r.sub()).isEqualTo("sub-a");
            assertThat(r.created()).isTrue();
        });
        assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub = 'sub-a' AND email = 'ada@example.com' "
                + "AND email_verified AND user_pool_id = '" + POOL + "'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspaces w JOIN app_users u ON u.id = w.owner_user_id "
                + "WHERE u.cognito_sub = 'sub-a' AND w.personal")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id "
                + "WHERE m.user_id = w.owner_user_id AND m.role = 'owner'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM app_users u JOIN workspaces w ON w.id = u.personal_workspace_id "
                + "WHERE w.personal AND w.owner_user_id = u.id")).as("the user row names its personal workspace").isEqualTo(1);
        String payloadText = db.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT payload::text FROM outbox_events WHERE event_type = 'app_user.created' AND published_at IS NULL")) {
                rs.next();
                return rs.getString(1);
            }
        });
        JsonNode payload = Json.parse(payloadText);
        assertThat(payload.get("version").asInt()).isEqualTo(1);
        assertThat(payload.get("cognitoSub").asText()).isEqualTo("sub-a");
        assertThat(payload.get("appUserId").asText()).isEqualTo(result.get(0).appUserId().toString());
        assertThat(payload.has("email")).as("no personal data in domain events").isFalse();
    }

    @Test
    void provision_storesTheContractsPayload_withTheRowsIdsAndCreationTime() throws Exception {
        ProvisionedUser user = users.provision(List.of(user("sub-a", "ada@example.com")), NO_DEADLINE).get(0);

        String[] stored = db.database().withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT e.payload::text, u.personal_workspace_id, u.created_at"
                    + " FROM outbox_events e JOIN app_users u ON u.id = e.aggregate_id"
                    + " WHERE e.event_type = 'app_user.created' AND e.event_version = 1 AND e.aggregate_type = 'app_user'")) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant().toString()};
            }
        });
        String expected = new AppUserCreatedEvent(user.appUserId(), "sub-a", POOL, java.util.UUID.fromString(stored[1]),
                java.time.Instant.parse(stored[2])).toJson();

        assertThat(Json.parse(stored[0])).isEqualTo(Json.parse(expected));
    }

    @Test
    void provision_deliveredFiveTimes_leavesOneOfEach() {
        ProvisionedUser first = users.provision(List.of(user("sub-a", "ada@example.com")), NO_DEADLINE).get(0);
        for (int i = 0; i < 4; i++) {
            ProvisionedUser again = users.provision(List.of(user("sub-a", "ada@example.com")), NO_DEADLINE).get(0);
            assertThat(again.created()).isFalse();
            assertThat(again.appUserId()).isEqualTo(first.appUserId());
        }

        assertOneOfEachFor(List.of("sub-a"));
    }

    @Test
    void provision_duplicatesInsideOneBatch_areWrittenOnce() {
        List<ProvisionedUser> result = users.provision(List.of(
                user("sub-b", "b@example.com"), user("sub-a", "a@example.com"), user("sub-b", "b@example.com"),
                user("sub-b", "b@example.com")), NO_DEADLINE);

        assertThat(result).extracting(ProvisionedUser::sub).containsExactly("sub-b", "sub-a");
        assertThat(result).allMatch(ProvisionedUser::created);
        assertOneOfEachFor(List.of("sub-a", "sub-b"));
    }

    @Test
    void provision_mixOfNewAndExisting_createsOnlyTheNewOnes() {
        users.provision(List.of(user("sub-a", "a@example.com")), NO_DEADLINE);

        List<ProvisionedUser> result = users.provision(List.of(user("sub-a", "a@example.com"), user("sub-c", null)), NO_DEADLINE);

        assertThat(result).extracting(ProvisionedUser::created).containsExactly(false, true);
        assertOneOfEachFor(List.of("sub-a", "sub-c"));
    }

    @Test
    void provision_twoConsumersWithOverlappingBatchesAtOnce_neverDuplicateNorFail() throws Exception {
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            subs.add("concurrent-" + i);
        }
        try (Database second = Database.pooled(db.settings())) {
            JdbcAppUsers otherConsumer = new JdbcAppUsers(second);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            java.util.Set<String> used = new java.util.HashSet<>();
            try {
                Random random = new Random(42);
                for (int round = 0; round < 15; round++) {
                    // Two overlapping batches of 10, in different orders, started at the same moment.
                    List<String> shuffled = new ArrayList<>(subs);
                    Collections.shuffle(shuffled, random);
                    List<NewAppUser> batchA = shuffled.subList(0, 10).stream().map(s -> user(s, null)).toList();
                    List<NewAppUser> batchB = new ArrayList<>(shuffled.subList(5, 15).stream().map(s -> user(s, null)).toList());
                    Collections.reverse(batchB);
                    batchA.forEach(u -> used.add(u.sub()));
                    batchB.forEach(u -> used.add(u.sub()));
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<List<ProvisionedUser>> a = pool.submit(() -> {
                        start.await();
                        return users.provision(batchA, NO_DEADLINE);
                    });
                    Future<List<ProvisionedUser>> b = pool.submit(() -> {
                        start.await();
                        return otherConsumer.provision(batchB, NO_DEADLINE);
                    });
                    List<ProvisionedUser> ra = a.get(30, TimeUnit.SECONDS);
                    List<ProvisionedUser> rb = b.get(30, TimeUnit.SECONDS);
                    // Each overlapping user was created by exactly one of the two calls.
                    for (ProvisionedUser x : ra) {
                        rb.stream().filter(y -> y.sub().equals(x.sub())).findFirst().ifPresent(y -> {
                            assertThat(x.created() && y.created()).as("created twice: " + x.sub()).isFalse();
                            assertThat(x.appUserId()).isEqualTo(y.appUserId());
                        });
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.count("SELECT count(*) FROM app_users WHERE cognito_sub LIKE 'concurrent-%'")).isEqualTo(used.size());
        }
        long distinctProvisioned = db.count("SELECT count(*) FROM app_users");
        assertThat(db.count("SELECT count(*) FROM workspaces")).isEqualTo(distinctProvisioned);
        assertThat(db.count("SELECT count(*) FROM workspace_members")).isEqualTo(distinctProvisioned);
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(distinctProvisioned);
        assertThat(db.count("SELECT count(*) FROM (SELECT owner_user_id FROM workspaces GROUP BY 1 HAVING count(*) > 1) d"))
                .isZero();
    }

    @Test
    void provision_aBatchOfTenWithThreeRedeliveries_isOneStatementWhateverTheMix() {
        users.provision(List.of(user("sub-0", null), user("sub-1", null), user("sub-2", null)), NO_DEADLINE);
        List<NewAppUser> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(user("sub-" + i, null));
        }
        Collections.shuffle(batch, new Random(7));
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());

        List<ProvisionedUser> result = new JdbcAppUsers(Database.over(counting)).provision(batch, NO_DEADLINE);

        assertThat(counting.statements()).as("statements sent (auto-commit: no commit to send)").isEqualTo(1);
        assertThat(result).extracting(ProvisionedUser::sub).containsExactlyElementsOf(batch.stream().map(NewAppUser::sub).toList());
        assertThat(result).filteredOn(ProvisionedUser::created).extracting(ProvisionedUser::sub)
                .containsExactlyInAnyOrder("sub-3", "sub-4", "sub-5", "sub-6", "sub-7", "sub-8", "sub-9");
        assertOneOfEachFor(batch.stream().map(NewAppUser::sub).toList());
    }

    @Test
    void provision_ofAUserAnotherBatchCommitsWhileThisOneWaitsForIt_findsThatUser_andCreatesOnlyItsOwn() throws Exception {
        // Another consumer's transaction holds sub-a uncommitted: this call's insert waits for it on the unique index.
        try (Connection other = DriverManager.getConnection(db.coordinates().jdbcUrl(), db.coordinates().user(),
                db.coordinates().password())) {
            other.setAutoCommit(false);
            ProvisionedUser theirs = JdbcAppUsers.provisionIn(other, List.of(user("sub-a", null))).get(0);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<List<ProvisionedUser>> ours = pool.submit(() -> users.provision(
                        List.of(user("sub-b", null), user("sub-a", null)), NO_DEADLINE));
                awaitWaitingOnALock();

                other.commit();
                List<ProvisionedUser> result = ours.get(30, TimeUnit.SECONDS);

                // The user committed after this call's statement began is found, not reported missing (40001).
                assertThat(result).containsExactly(new ProvisionedUser("sub-b", result.get(0).appUserId(), true),
                        new ProvisionedUser("sub-a", theirs.appUserId(), false));
            } finally {
                pool.shutdownNow();
            }
        }
        assertOneOfEachFor(List.of("sub-a", "sub-b"));
    }

    @Test
    void provision_ofASubNeitherInsertedNorFound_failsTheWholeCallAsAConflict_andWritesNothing() {
        // A test-only trigger drops one sub's insert, as if its row were deleted between the insert and the lookup.
        db.database().withConnection(c -> {
            c.createStatement().execute("""
                    CREATE FUNCTION test_vanishing() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RETURN CASE WHEN NEW.cognito_sub = 'sub-vanishing' THEN NULL ELSE NEW END;
                    END $$""");
            c.createStatement().execute("CREATE TRIGGER test_vanishing BEFORE INSERT ON app_users FOR EACH ROW "
                    + "EXECUTE FUNCTION test_vanishing()");
            return null;
        });

        assertThatThrownBy(() -> users.provision(List.of(user("sub-a", null), user("sub-vanishing", null)), NO_DEADLINE))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("40001");
                    assertThat(e.isTransient()).as("redelivered, not dead-lettered").isTrue();
                });
        assertThat(db.count("SELECT count(*) FROM app_users")).isZero();
        assertThat(db.count("SELECT count(*) FROM workspaces")).isZero();
        assertThat(db.count("SELECT count(*) FROM workspace_members")).isZero();
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isZero();
    }

    /** Until a session of this database waits on a lock (the second consumer's insert on the unique index). */
    private void awaitWaitingOnALock() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                == 0) {
            assertThat(System.nanoTime()).as("a session waiting on a lock within 10 s").isLessThan(until);
            Thread.sleep(5);
        }
    }

    private void assertOneOfEachFor(List<String> subs) {
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(subs.size());
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal")).isEqualTo(subs.size());
        assertThat(db.count("SELECT count(*) FROM workspace_members WHERE role = 'owner'")).isEqualTo(subs.size());
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created'")).isEqualTo(subs.size());
        assertThat(db.count("SELECT count(DISTINCT aggregate_id) FROM outbox_events")).isEqualTo(subs.size());
    }

    private static NewAppUser user(String sub, String email) {
        return new NewAppUser(POOL, sub, "user-" + sub, email, email != null, null);
    }
}
