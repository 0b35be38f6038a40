package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.NewAppUser;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.CountingDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcKnownAppUsersIT {
    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private static MigratedDatabase db;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("known_app_users");
        new JdbcAppUsers(db.database()).provision(List.of(user("sub-a"), user("sub-b")), Deadline.none(Clock.systemUTC()));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void existing_returnsOnlyTheSubsThatHaveARow() {
        assertThat(new JdbcKnownAppUsers(db.database()).existing(List.of("sub-a", "sub-x", "sub-b", "sub-a"), soon()))
                .containsExactlyInAnyOrder("sub-a", "sub-b");
    }

    @Test
    void existing_asksInOneStatement_whateverTheNumberOfSubs() {
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());
        List<String> page = IntStream.range(0, 60).mapToObj(i -> "sub-" + i).toList();

        new JdbcKnownAppUsers(Database.over(counting)).existing(page, soon());

        assertThat(counting.statements()).isEqualTo(1);
    }

    @Test
    void existing_ofNoSubs_isEmpty_withoutAQuery() {
        CountingDataSource counting = new CountingDataSource(db.database().dataSource());

        assertThat(new JdbcKnownAppUsers(Database.over(counting)).existing(List.of(), soon())).isEmpty();
        assertThat(counting.statements()).isZero();
    }

    @Test
    void existing_whenTheDeadlineHasPassed_failsAsDataAccess() {
        Deadline over = Deadline.after(Duration.ZERO, Clock.systemUTC());

        assertThatThrownBy(() -> new JdbcKnownAppUsers(db.database()).existing(List.of("sub-a"), over))
                .isInstanceOf(DataAccessException.class);
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static NewAppUser user(String sub) {
        return new NewAppUser(POOL, sub, sub, null, false, null);
    }
}
