package io.cognitosuite.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code app_user.created} payload, field for field, as the bus's subscribers see it. */
class AppUserCreatedEventTest {
    private static final AppUserCreatedEvent CREATED = new AppUserCreatedEvent(
            UUID.fromString("0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f"), "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
            "eu-west-1_Ab12Cd34E", UUID.fromString("5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c"),
            Instant.parse("2026-11-26T09:15:00.123456Z"));

    @Test
    void payload_isVersionOne_withTheDocumentedFieldsInOrder() {
        assertThat(CREATED.toJson()).isEqualTo("{\"version\":1,"
                + "\"appUserId\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\","
                + "\"cognitoSub\":\"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\","
                + "\"userPoolId\":\"eu-west-1_Ab12Cd34E\","
                + "\"personalWorkspaceId\":\"5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c\","
                + "\"createdAt\":\"2026-11-26T09:15:00.123456Z\"}");
    }

    @Test
    void typeAndVersion_areTheOutboxRowsOwn() {
        assertThat(AppUserCreatedEvent.TYPE).isEqualTo("app_user.created");
        assertThat(AppUserCreatedEvent.VERSION).isEqualTo(1);
    }

    @Test
    void createdAt_keepsWholeSeconds_asInstantWritesThem() {
        AppUserCreatedEvent onTheSecond = new AppUserCreatedEvent(CREATED.appUserId(), CREATED.cognitoSub(),
                CREATED.userPoolId(), CREATED.personalWorkspaceId(), Instant.parse("2026-11-26T09:15:00Z"));

        assertThat(onTheSecond.toJson()).endsWith("\"createdAt\":\"2026-11-26T09:15:00Z\"}");
    }
}
