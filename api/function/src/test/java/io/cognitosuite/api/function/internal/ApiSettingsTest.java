package io.cognitosuite.api.function.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiSettingsTest {

    @Test
    void aUserPoolId_isRead() {
        assertThat(ApiSettings.fromEnvironment(Map.of("USER_POOL_ID", " eu-west-1_Ab12Cd34E ")).userPoolId())
                .isEqualTo("eu-west-1_Ab12Cd34E");
    }

    @Test
    void noUserPoolId_failsTheStart_namingTheVariable() {
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("USER_POOL_ID is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "pool id with spaces_1", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab1",
            "eu-west-1_Ab12Cd34E-and-a-lot-more-text-than-any-pool-id-has_x"})
    void aValueThatIsNoUserPoolId_failsTheStart_withoutEchoingIt(String value) {
        assertThatThrownBy(() -> ApiSettings.fromEnvironment(Map.of("USER_POOL_ID", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("USER_POOL_ID must be a Cognito user pool id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
    }
}
