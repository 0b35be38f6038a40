package io.cognitosuite.triggers.postauthentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostAuthenticationSettingsTest {

    @Test
    void fromEnvironment_defaultsTheBudgetToHalfASecond() {
        assertThat(PostAuthenticationSettings.fromEnvironment(Map.of()).databaseBudget()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void fromEnvironment_namesABudgetOutsideItsBounds() {
        assertThatThrownBy(() -> PostAuthenticationSettings.fromEnvironment(Map.of("SIGN_IN_DATABASE_BUDGET_MS", "3000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SIGN_IN_DATABASE_BUDGET_MS must be between 400 and 2000 milliseconds but is 3000");
    }
}
