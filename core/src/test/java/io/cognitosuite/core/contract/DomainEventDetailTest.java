package io.cognitosuite.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainEventDetailTest {
    private static final Instant NOW = Instant.parse("2026-11-26T09:15:00.123456Z");

    @Test
    void detail_startsWithVersionEventIdAndOccurredAt_thenThePayloadsFields() throws Exception {
        UUID user = UUID.randomUUID();
        OutboxEvent event = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", user,
                "{\"version\":1,\"appUserId\":\"" + user + "\",\"cognitoSub\":\"sub-1\"}", NOW, 0);

        JsonNode detail = Json.parse(DomainEventDetail.of(event));

        List<String> names = new ArrayList<>();
        detail.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("version", "eventId", "occurredAt", "appUserId", "cognitoSub");
        assertThat(detail.path("version").asInt()).isEqualTo(1);
        assertThat(detail.path("eventId").asText()).isEqualTo(event.id().toString());
        assertThat(detail.path("occurredAt").asText()).isEqualTo("2026-11-26T09:15:00.123456Z");
        assertThat(detail.path("appUserId").asText()).isEqualTo(user.toString());
    }

    @Test
    void detail_takesTheRowVersion_whenThePayloadHasNone_andKeepsTheOutboxIdAsEventId() throws Exception {
        OutboxEvent event = new OutboxEvent(UUID.randomUUID(), "user.signed_in", 2, "app_user", UUID.randomUUID(),
                "{\"eventId\":\"spoofed\",\"at\":\"x\"}", NOW, 0);

        JsonNode detail = Json.parse(DomainEventDetail.of(event));

        assertThat(detail.path("version").asInt()).isEqualTo(2);
        assertThat(detail.path("eventId").asText()).isEqualTo(event.id().toString());
        assertThat(detail.path("at").asText()).isEqualTo("x");
    }

    @Test
    void detail_refusesAPayloadThatIsNotAJsonObject_sayingWhatItIs_notWhatItHolds() {
        OutboxEvent array = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", UUID.randomUUID(),
                "[\"ada@example.com\"]", NOW, 0);
        OutboxEvent broken = new OutboxEvent(UUID.randomUUID(), "app_user.created", 1, "app_user", UUID.randomUUID(),
                "{\"email\":\"ada@example.com\"", NOW, 0);

        assertThatThrownBy(() -> DomainEventDetail.of(array)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("payload is a JSON array, not an object");
        assertThatThrownBy(() -> DomainEventDetail.of(broken)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("payload is not valid JSON (not valid JSON)").hasNoCause();
    }
}
