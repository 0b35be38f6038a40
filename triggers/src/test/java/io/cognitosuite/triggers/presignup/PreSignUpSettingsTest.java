package io.cognitosuite.triggers.presignup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreSignUpSettingsTest {

    @Test
    void settings_nameEveryBadVariable() {
        assertThatThrownBy(() -> PreSignUpSettings.fromEnvironment(Map.of(
                "AUTO_CONFIRM_TRIGGER_SOURCES", "PreSignUp_AdminCreateUser,PreSignUp_Anything",
                "FEDERATED_ACCOUNTS", "merge",
                "SIGNUP_BLOCK_DISPOSABLE", "yes",
                "DISPOSABLE_DOMAINS_FILE", "/no/such/file")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Cognito ignores auto-confirm for users created by an administrator")
                .hasMessageContaining("'PreSignUp_Anything'")
                .hasMessageContaining("FEDERATED_ACCOUNTS must be one of [link, block, off] but is 'merge'")
                .hasMessageContaining("SIGNUP_BLOCK_DISPOSABLE must be true or false")
                .hasMessageContaining("DISPOSABLE_DOMAINS_FILE names a file that cannot be read");
    }

    @Test
    void optIn_mustNameOnlyTrustedProviders() {
        assertThatThrownBy(() -> PreSignUpSettings.fromEnvironment(Map.of("TRUSTED_EMAIL_PROVIDERS", "Google",
                "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "google, CorpSaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EMAIL_VERIFIED_ASSUMED_PROVIDERS")
                .hasMessageContaining("'CorpSaml'")
                .hasMessageContaining("TRUSTED_EMAIL_PROVIDERS")
                .message().doesNotContain("'google'");
    }

    @Test
    void defaults_blockDisposableMail_andNeedNoUserPool() {
        PreSignUpSettings settings = PreSignUpSettings.fromEnvironment(Map.of());

        assertThat(settings.blockDisposable()).isTrue();
        assertThat(settings.federatedAccounts()).isEqualTo(FederatedAccounts.OFF);
        assertThat(settings.needsUserPool()).isFalse();
        assertThat(settings.apiBudget()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void linkOrBlock_needTheUserPool() {
        assertThat(PreSignUpSettings.fromEnvironment(Map.of("FEDERATED_ACCOUNTS", " Link ")).needsUserPool()).isTrue();
        assertThat(PreSignUpSettings.fromEnvironment(Map.of("FEDERATED_ACCOUNTS", "block")).needsUserPool()).isTrue();
    }
}
