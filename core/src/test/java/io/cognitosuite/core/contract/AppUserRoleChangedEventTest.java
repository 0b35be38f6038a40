package io.cognitosuite.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.core.domain.OutboxEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code app_user.role_changed} payload, field for field, as the bus's subscribers see it. */
class AppUserRoleChangedEventTest {
    private static final AppUserRoleChangedEvent CHANGED = new AppUserRoleChangedEvent(
            UUID.fromString("0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f"), "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
            "user", "free", "admin", "pro", UUID.fromString("5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c"),
            UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), Instant.parse("2026-12-01T17:15:00.123456Z"));

    @Test
    void payload_isVersionOne_withTheDocumentedFieldsInOrder_andNoPersonalData() {
        assertThat(CHANGED.toJson()).isEqualTo("{\"version\":1,"
                + "\"appUserId\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\","
                + "\"cognitoSub\":\"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\","
                + "\"previousRole\":\"user\",\"previousPlan\":\"free\",\"role\":\"admin\",\"plan\":\"pro\","
                + "\"changedByAppUserId\":\"5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c\","
                + "\"adminAuditId\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\","
                + "\"changedAt\":\"2026-12-01T17:15:00.123456Z\"}");
    }

    @Test
    void typeAndVersion_areTheOutboxRowsOwn() {
        assertThat(AppUserRoleChangedEvent.TYPE).isEqualTo("app_user.role_changed");
        assertThat(AppUserRoleChangedEvent.VERSION).isEqualTo(1);
    }

    @Test
    void detail_onTheBus_carriesThePayloadAfterTheEnvelopeFields() throws Exception {
        OutboxEvent row = new OutboxEvent(UUID.randomUUID(), AppUserRoleChangedEvent.TYPE, 1, "app_user",
                CHANGED.appUserId(), CHANGED.toJson(), Instant.parse("2026-12-01T17:15:00.2Z"), 0);

        assertThat(DomainEventDetail.of(row)).startsWith("{\"version\":1,\"eventId\":\"" + row.id() + "\"")
                .contains("\"role\":\"admin\"");
    }
}
