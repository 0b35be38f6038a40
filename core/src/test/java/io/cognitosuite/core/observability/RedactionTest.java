package io.cognitosuite.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void maskEmail_keepsFirstLetterAndDomainOnly() {
        assertThat(Redaction.maskEmail("alice.smith@example.com")).isEqualTo("a***@example.com");
        assertThat(Redaction.maskEmail("  Bob@Example.org ")).isEqualTo("B***@Example.org");
    }

    @Test
    void maskEmail_handlesMissingAndOddValues() {
        assertThat(Redaction.maskEmail(null)).isEqualTo("<none>");
        assertThat(Redaction.maskEmail("")).isEqualTo("<none>");
        assertThat(Redaction.maskEmail("no-at-sign")).isEqualTo("***");
        assertThat(Redaction.maskEmail("@example.com")).isEqualTo("***");
        assertThat(Redaction.maskEmail("trailing@")).isEqualTo("***");
    }
}
