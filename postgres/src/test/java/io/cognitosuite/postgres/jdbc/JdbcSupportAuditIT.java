package io.cognitosuite.postgres.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.core.port.DataAccessException;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcSupportAuditIT {
    private static MigratedDatabase db;
    private static JdbcSupportAudit audit;

    @BeforeAll
    static void migrate() {
        db = MigratedDatabase.create("support_audit");
        audit = new JdbcSupportAudit(db.database());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static AuditEntry started(String action, Instant at) {
        return new AuditEntry(UUID.randomUUID(), "arn:aws:iam::123456789012:user/ada", action,
                Map.of("sub", "s-1", "dryRun", "false"), Map.of(), "started", null, "req-" + action, at, null);
    }

    @Test
    void aStartedEntry_isOnTheRecordBeforeItFinishes_andFinishingAddsResultCountsAndTime() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AuditEntry entry = started("dlq redrive", start);

        audit.started(entry);
        AuditEntry running = audit.list(10, "dlq redrive").get(0);
        audit.finished(entry.id(), "ok", Map.of("moved", 3L, "skipped", 1L), null, start.plusSeconds(2));
        AuditEntry done = audit.list(10, "dlq redrive").get(0);

        assertThat(running.result()).isEqualTo("started");
        assertThat(running.finishedAt()).isNull();
        assertThat(done.id()).isEqualTo(entry.id());
        assertThat(done.operator()).isEqualTo("arn:aws:iam::123456789012:user/ada");
        assertThat(done.arguments()).containsEntry("sub", "s-1").containsEntry("dryRun", "false");
        assertThat(done.counts()).containsEntry("moved", 3L).containsEntry("skipped", 1L);
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.requestId()).isEqualTo("req-dlq redrive");
        assertThat(done.startedAt()).isEqualTo(start);
        assertThat(done.finishedAt()).isEqualTo(start.plusSeconds(2));
    }

    @Test
    void list_isNewestFirst_boundedByTheLimit_andFiltersByAction() {
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        audit.started(started("reconcile", base));
        audit.started(started("reconcile", base.plusSeconds(60)));
        audit.started(started("db migrate", base.plusSeconds(120)));

        List<AuditEntry> reconciles = audit.list(10, "reconcile");
        List<AuditEntry> newest = audit.list(1, null);

        assertThat(reconciles).extracting(AuditEntry::startedAt).containsExactly(base.plusSeconds(60), base);
        assertThat(newest).extracting(AuditEntry::action).containsExactly("db migrate");
    }

    @Test
    void aBlankOperator_isRefusedByTheTableToo() {
        assertThatThrownBy(() -> db.database().withConnection(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO support_audit (operator, action, result, request_id, started_at) "
                        + "VALUES ('  ', 'reconcile', 'ok', 'r', now())");
            }
        })).isInstanceOf(DataAccessException.class);
    }
}
