package io.cognitosuite.tools.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PiiTest {

    @Test
    void anEmail_keepsItsFirstCharacterAndDomain_only() {
        assertThat(Pii.maskEmail("ada.lovelace@example.com")).isEqualTo("a***@example.com");
        assertThat(Pii.maskEmail("\uD83D\uDE00x@example.com")).isEqualTo("\uD83D\uDE00***@example.com");
        assertThat(Pii.maskEmail("not-an-address")).isEqualTo("***");
        assertThat(Pii.maskEmail("@example.com")).isEqualTo("***");
        assertThat(Pii.maskEmail(null)).isNull();
    }

    @Test
    void showPii_showsTheWholeAddress() {
        assertThat(Pii.email("ada@example.com", true)).isEqualTo("ada@example.com");
        assertThat(Pii.email("ada@example.com", false)).isEqualTo("a***@example.com");
    }

    @Test
    void theOperator_isTheOption_elseTheVariable_elseTheCallerIdentity_andNeverBlank() {
        assertThat(Operator.resolve(" ada ", "env-op", () -> "arn")).isEqualTo("ada");
        assertThat(Operator.resolve(null, "env-op", () -> "arn")).isEqualTo("env-op");
        assertThat(Operator.resolve(null, null, () -> "arn:aws:iam::1:user/ada")).isEqualTo("arn:aws:iam::1:user/ada");
        assertThatThrownBy(() -> Operator.resolve("  ", null, () -> "arn")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--operator must be");
        assertThatThrownBy(() -> Operator.resolve("a\nb", null, () -> "arn")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Operator.resolve(null, null, () -> {
            throw new IllegalStateException("no credentials");
        })).isInstanceOf(UsageException.class).hasMessageContaining("no operator");
    }
}
