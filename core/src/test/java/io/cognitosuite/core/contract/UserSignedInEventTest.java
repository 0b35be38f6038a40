package io.cognitosuite.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.domain.SignIn;
import io.cognitosuite.core.json.Json;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code user.signed_in} payload, field for field, as the bus's subscribers see it. */
class UserSignedInEventTest {
    private static final SignIn SIGN_IN = new SignIn("7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b", "4h5k6l7m8n9o0p1q2r3s4t5u6v",
            true, "PostAuthentication_Authentication", Instant.parse("2026-11-26T09:15:00.123Z"));
    private static final UUID APP_USER = UUID.fromString("0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f");

    @Test
    void payload_isVersionOne_withTheDocumentedFieldsInOrder() {
        assertThat(new UserSignedInEvent(APP_USER, "eu-west-1_Ab12Cd34E", SIGN_IN).toJson()).isEqualTo("{\"version\":1,"
                + "\"appUserId\":\"0b6f1d2e-8a3c-4f5e-9d7a-1c2b3a4d5e6f\","
                + "\"cognitoSub\":\"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\","
                + "\"userPoolId\":\"eu-west-1_Ab12Cd34E\","
                + "\"clientId\":\"4h5k6l7m8n9o0p1q2r3s4t5u6v\","
                + "\"newDevice\":true,"
                + "\"triggerSource\":\"PostAuthentication_Authentication\","
                + "\"signedInAt\":\"2026-11-26T09:15:00.123Z\"}");
    }

    @Test
    void noClientId_isNull_notLeftOut() {
        SignIn withoutClient = new SignIn(SIGN_IN.cognitoSub(), null, false, SIGN_IN.triggerSource(), SIGN_IN.signedInAt());

        assertThat(new UserSignedInEvent(APP_USER, "eu-west-1_Ab12Cd34E", withoutClient).toJson())
                .contains("\"clientId\":null,\"newDevice\":false,");
    }

    @Test
    void withoutRowFields_leavesOutExactlyTheTwoTheRowHolds() {
        assertThat(UserSignedInEvent.toJsonWithoutRowFields(SIGN_IN)).isEqualTo("{\"version\":1,"
                + "\"cognitoSub\":\"7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b\","
                + "\"clientId\":\"4h5k6l7m8n9o0p1q2r3s4t5u6v\","
                + "\"newDevice\":true,"
                + "\"triggerSource\":\"PostAuthentication_Authentication\","
                + "\"signedInAt\":\"2026-11-26T09:15:00.123Z\"}");
    }

    @Test
    void withoutRowFields_plusTheRowsFieldsUnderTheContractsNames_isTheWholePayload() throws Exception {
        // What the writer's statement does: merge the row's id and pool into the partial payload.
        ObjectNode merged = (ObjectNode) Json.parse(UserSignedInEvent.toJsonWithoutRowFields(SIGN_IN));
        merged.put(UserSignedInEvent.APP_USER_ID, APP_USER.toString());
        merged.put(UserSignedInEvent.USER_POOL_ID, "eu-west-1_Ab12Cd34E");

        assertThat(merged).isEqualTo(Json.parse(new UserSignedInEvent(APP_USER, "eu-west-1_Ab12Cd34E", SIGN_IN).toJson()));
    }

    @Test
    void typeAndVersion_areTheOutboxRowsOwn() {
        assertThat(UserSignedInEvent.TYPE).isEqualTo("user.signed_in");
        assertThat(UserSignedInEvent.VERSION).isEqualTo(1);
    }
}
