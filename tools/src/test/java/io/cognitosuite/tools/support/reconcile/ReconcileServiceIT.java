package io.cognitosuite.tools.support.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.cognitosuite.tools.support.reconcile.CognitoPoolStub.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.cognitosuite.aws.cognito.CognitoUserDirectory;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcKnownAppUsers;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Reconcile with the real SDK client against a pool on WireMock (three pages, throttling, every kind of user) and
 * real PostgreSQL: exactly the missing eligible users get rows, a rerun changes nothing, an interrupted run resumes.
 */
class ReconcileServiceIT {
    static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final long RECENT = Instant.parse("2026-11-30T10:00:00Z").getEpochSecond();
    private static final long OLD = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();

    private static WireMockServer wiremock;
    private static CognitoIdentityProviderClient client;
    private CognitoPoolStub pool;
    private MigratedDatabase db;
    private CognitoUserDirectory directory;
    private ReconcileService service;

    @BeforeAll
    static void start() {
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        client = io.cognitosuite.testing.SqsTestClients.local(CognitoIdentityProviderClient.builder(),
                URI.create(wiremock.baseUrl())).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        wiremock.stop();
    }

    @BeforeEach
    void setUp() {
        wiremock.resetAll();
        pool = new CognitoPoolStub(wiremock);
        db = MigratedDatabase.create("reconcile");
        // The production attempts, with short waits: the test is fast, the retries are the same.
        directory = new CognitoUserDirectory(client, CognitoUserDirectory.Retries.DEFAULT.withFirstBackoff(Duration.ofMillis(1)));
        service = new ReconcileService(directory, new JdbcKnownAppUsers(db.database()), new JdbcAppUsers(db.database()),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /**
     * Page 1: a confirmed user without a row, one with a row, an unconfirmed one (throttled twice first). Page 2: a
     * FORCE_CHANGE_PASSWORD user (created by an administrator), a disabled confirmed one, a federated one. Page 3: a
     * confirmed user and one whose password must be reset.
     */
    static void threePages(CognitoPoolStub pool, MigratedDatabase db) {
        new JdbcAppUsers(db.database()).provision(List.of(new NewAppUser(POOL, "s-present", "present", "present@example.com",
                true, null)), Deadline.none(Clock.systemUTC()));
        pool.throttledPage(null, 2, "t2",
                user("ada", "s-ada", "CONFIRMED", true, RECENT, "ada@example.com"),
                user("present", "s-present", "CONFIRMED", true, RECENT, "present@example.com"),
                user("una", "s-una", "UNCONFIRMED", true, RECENT, "una@example.com"));
        pool.page("t2", "t3",
                user("fred", "s-fred", "FORCE_CHANGE_PASSWORD", true, OLD, "fred@example.com"),
                user("dora", "s-dora", "CONFIRMED", false, RECENT, "dora@example.com"),
                user("Google_1098", "s-google", "EXTERNAL_PROVIDER", true, RECENT, "gail@example.com"));
        pool.page("t3", null,
                user("bob", "s-bob", "CONFIRMED", true, OLD, "bob@example.com"),
                user("rita", "s-rita", "RESET_REQUIRED", true, RECENT, "rita@example.com"));
    }

    @Test
    void reconcile_provisionsExactlyTheMissingEligibleUsers_andReportsTheRestByState() {
        threePages(pool, db);
        List<UserOutcome> outcomes = new ArrayList<>();
        List<String> tokens = new ArrayList<>();

        ReconcileReport report = service.run(new ReconcileRequest(POOL, false, null, null), listener(outcomes, tokens), () -> false);

        assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.COMPLETED);
        assertThat(report.succeeded()).isTrue();
        assertThat(report.pages()).isEqualTo(3);
        assertThat(tokens).containsExactly("t2", "t3", null);
        assertThat(report.tally().asMap()).containsAllEntriesOf(Map.of("scanned", 8L, "outside_since", 0L,
                "present", 1L, "missing", 7L, "provisioned", 3L, "would_provision", 0L, "skipped", 4L, "failed", 0L))
                .containsEntry("skipped.UNCONFIRMED", 1L);
        assertThat(report.tally().skippedByState()).containsExactlyInAnyOrderEntriesOf(Map.of("UNCONFIRMED", 1L,
                "DISABLED", 1L, "EXTERNAL_PROVIDER", 1L, "RESET_REQUIRED", 1L));
        assertThat(subsWithRows()).containsExactlyInAnyOrder("s-present", "s-ada", "s-fred", "s-bob");
        assertThat(db.count("SELECT count(*) FROM workspaces WHERE personal")).isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE event_type = 'app_user.created'")).isEqualTo(4);
        assertThat(outcomes).filteredOn(o -> o.action() == UserOutcome.Action.PROVISIONED)
                .extracting(o -> o.user().sub()).containsExactly("s-ada", "s-fred", "s-bob");
        assertThat(directory.throttledCalls()).isEqualTo(2);
        // Three pages, the first asked for three times (throttled twice); each ask for 60 users.
        wiremock.verify(5, postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.Limit", equalTo("60"))));
    }

    @Test
    void reconcile_again_changesNothing() {
        threePages(pool, db);
        service.run(new ReconcileRequest(POOL, false, null, null), ReconcileListener.NONE, () -> false);
        long events = db.count("SELECT count(*) FROM outbox_events");

        ReconcileReport again = service.run(new ReconcileRequest(POOL, false, null, null), ReconcileListener.NONE, () -> false);

        assertThat(again.succeeded()).isTrue();
        assertThat(again.tally().provisioned()).isZero();
        assertThat(again.tally().present()).isEqualTo(4);
        assertThat(again.tally().skipped()).isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(4);
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(events);
    }

    @Test
    void dryRun_countsWhatItWouldProvision_andWritesNothing() {
        threePages(pool, db);

        ReconcileReport report = service.run(new ReconcileRequest(POOL, true, null, null), ReconcileListener.NONE, () -> false);

        assertThat(report.tally().wouldProvision()).isEqualTo(3);
        assertThat(report.tally().provisioned()).isZero();
        assertThat(db.count("SELECT count(*) FROM app_users")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_events")).isEqualTo(1);
    }

    @Test
    void pageThatKeepsFailing_stopsTheRunWithItsToken_andAResumedRunFinishesTheRest() {
        threePages(pool, db);
        pool.failingPage("t3");

        ReconcileReport failed = service.run(new ReconcileRequest(POOL, false, null, null), ReconcileListener.NONE, () -> false);

        assertThat(failed.outcome()).isEqualTo(ReconcileReport.Outcome.FAILED);
        assertThat(failed.resumeToken()).isEqualTo("t3");
        assertThat(failed.failure()).isEqualTo("ListUsers failed: InternalErrorException (HTTP 500)");
        assertThat(failed.pages()).isEqualTo(2);
        assertThat(subsWithRows()).containsExactlyInAnyOrder("s-present", "s-ada", "s-fred");

        wiremock.resetAll();
        threePagesWithoutSeeding(pool);
        ReconcileReport resumed = service.run(new ReconcileRequest(POOL, false, null, failed.resumeToken()),
                ReconcileListener.NONE, () -> false);

        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.pages()).isEqualTo(1);
        assertThat(resumed.tally().scanned()).isEqualTo(2);
        assertThat(subsWithRows()).containsExactlyInAnyOrder("s-present", "s-ada", "s-fred", "s-bob");
        wiremock.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void stopRequested_endsAfterThePageInHand_withTheNextPagesToken() {
        threePages(pool, db);
        List<String> tokens = new ArrayList<>();

        ReconcileReport report = service.run(new ReconcileRequest(POOL, false, null, null), listener(new ArrayList<>(), tokens),
                () -> !tokens.isEmpty());

        assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.INTERRUPTED);
        assertThat(report.resumeToken()).isEqualTo("t2");
        assertThat(subsWithRows()).containsExactlyInAnyOrder("s-present", "s-ada");
    }

    @Test
    void since_comparesOnlyUsersChangedSinceThen() {
        threePages(pool, db);

        ReconcileReport report = service.run(new ReconcileRequest(POOL, false, Instant.parse("2026-11-01T00:00:00Z"), null),
                ReconcileListener.NONE, () -> false);

        assertThat(report.tally().scanned()).isEqualTo(8);
        assertThat(report.tally().outsideSince()).isEqualTo(2);
        assertThat(subsWithRows()).containsExactlyInAnyOrder("s-present", "s-ada");
    }

    private static void threePagesWithoutSeeding(CognitoPoolStub pool) {
        pool.page("t3", null,
                user("bob", "s-bob", "CONFIRMED", true, OLD, "bob@example.com"),
                user("rita", "s-rita", "RESET_REQUIRED", true, RECENT, "rita@example.com"));
    }

    private List<String> subsWithRows() {
        return db.database().withConnection(c -> {
            List<String> subs = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT cognito_sub FROM app_users")) {
                while (rs.next()) {
                    subs.add(rs.getString(1));
                }
            }
            return subs;
        });
    }

    private static ReconcileListener listener(List<UserOutcome> outcomes, List<String> tokens) {
        return new ReconcileListener() {
            @Override
            public void user(UserOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void pageDone(int page, int users, String nextToken, ReconcileTally tally) {
                tokens.add(nextToken);
            }
        };
    }
}
