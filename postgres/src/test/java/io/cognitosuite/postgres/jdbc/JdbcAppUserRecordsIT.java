package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.domain.AppUserRecord;
import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcAppUserRecordsIT {
    private static final Deadline NONE = Deadline.none(Clock.systemUTC());
    private static MigratedDatabase db;
    private static JdbcAppUserRecords records;

    @BeforeAll
    static void migrate() {
        db = MigratedDatabase.create("user_records");
        records = new JdbcAppUserRecords(db.database());
        new JdbcAppUsers(db.database()).provision(List.of(
                new NewAppUser("eu-west-1_pool", "sub-ada", "ada", "Ada@Example.com", true, null),
                new NewAppUser("eu-west-1_pool", "sub-bob", "bob", null, false, null)), NONE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void bySub_isTheRow_withItsPersonalWorkspace_andItsEvents_newestFirst() {
        Instant signedIn = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new JdbcSignIns(db.database()).record(new SignIn("sub-ada", "client-1", false, "PostAuthentication_Authentication", signedIn), NONE);

        AppUserRecord ada = records.bySub("sub-ada").orElseThrow();

        assertThat(ada.username()).isEqualTo("ada");
        assertThat(ada.role()).isEqualTo("user");
        assertThat(ada.billingPlan()).isEqualTo("free");
        assertThat(ada.signInCount()).isEqualTo(1);
        assertThat(ada.lastSignInAt()).isEqualTo(signedIn);
        assertThat(ada.memberships()).singleElement().satisfies(m -> {
            assertThat(m.personal()).isTrue();
            assertThat(m.role()).isEqualTo("owner");
        });
        assertThat(ada.events()).extracting(AppUserRecord.EventEntry::type)
                .containsExactly("user.signed_in", "app_user.created");
        assertThat(ada.events()).noneMatch(AppUserRecord.EventEntry::published);
    }

    @Test
    void byEmail_ignoresCase_andAnUnknownUserIsAbsent() {
        assertThat(records.byEmail("ada@example.COM")).extracting(AppUserRecord::cognitoSub).containsExactly("sub-ada");
        assertThat(records.byEmail("nobody@example.com")).isEmpty();
        assertThat(records.bySub("sub-nobody")).isEmpty();
        assertThat(records.bySub("sub-bob").orElseThrow().email()).isNull();
    }
}
