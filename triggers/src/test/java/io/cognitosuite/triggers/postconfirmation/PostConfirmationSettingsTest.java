package io.cognitosuite.triggers.postconfirmation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostConfirmationSettingsTest {

    @Test
    void fromEnvironment_requiresTheQueueUrl() {
        assertThatThrownBy(() -> PostConfirmationSettings.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("USER_CONFIRMED_QUEUE_URL is required");
    }

    @Test
    void fromEnvironment_namesABudgetOutsideTheTriggerLimit_andAQueueNameInsteadOfUrl() {
        assertThatThrownBy(() -> PostConfirmationSettings.fromEnvironment(Map.of(
                "USER_CONFIRMED_QUEUE_URL", "user-confirmed",
                "PUBLISH_BUDGET_MS", "6000")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PUBLISH_BUDGET_MS must be between 200 and 4500 milliseconds but is 6000")
                .hasMessageContaining("USER_CONFIRMED_QUEUE_URL must be a queue URL");
    }

    @Test
    void fromEnvironment_defaultsTheBudgetToTwoSeconds() {
        PostConfirmationSettings settings = PostConfirmationSettings.fromEnvironment(Map.of(
                "USER_CONFIRMED_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/user-confirmed"));

        assertThat(settings.publishBudget()).isEqualTo(Duration.ofSeconds(2));
    }
}
