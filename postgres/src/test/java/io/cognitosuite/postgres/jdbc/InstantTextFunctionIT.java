package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The V9 function {@code instant_text}, with which {@code provision_app_users} writes the {@code createdAt} of the
 * {@code app_user.created} payload: the text {@link Instant#toString()} gives (what the payload built in Java held),
 * for every way the fraction of a microsecond-precise timestamp can end.
 */
class InstantTextFunctionIT {
    private static MigratedDatabase db;

    @BeforeAll
    static void setUp() {
        db = MigratedDatabase.create("instant_text");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void instantText_isWhatInstantToStringPrints_inUtc_whateverTheSessionTimeZone() {
        List<Instant> instants = List.of(
                Instant.parse("2026-12-01T09:15:00Z"),
                Instant.parse("2026-12-01T09:15:00.100Z"),
                Instant.parse("2026-12-01T09:15:00.120Z"),
                Instant.parse("2026-12-01T09:15:00.123Z"),
                Instant.parse("2026-12-01T09:15:00.123400Z"),
                Instant.parse("2026-12-01T09:15:00.123456Z"),
                Instant.parse("2026-12-01T09:15:00.000001Z"),
                Instant.parse("2026-12-01T09:15:00.001Z"),
                Instant.parse("2026-12-01T09:15:59.999999Z"),
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.500Z"),
                Instant.parse("2000-02-29T23:59:59.000010Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));

        List<String> written = db.database().withConnection(c -> {
            c.createStatement().execute("SET TIME ZONE 'America/St_Johns'");
            try (PreparedStatement ps = c.prepareStatement("SELECT instant_text(?)")) {
                List<String> texts = new java.util.ArrayList<>();
                for (Instant instant : instants) {
                    ps.setObject(1, OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(5)));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        texts.add(rs.getString(1));
                    }
                }
                return texts;
            }
        });

        assertThat(written).containsExactlyElementsOf(instants.stream().map(Instant::toString).toList());
    }
}
