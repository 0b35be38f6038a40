package io.cognitosuite.core.observability;

/** Makes personal data safe to log. Tokens and passwords are never logged at all. */
public final class Redaction {
    private Redaction() {
    }

    /**
     * {@code alice@example.com} becomes {@code a***@example.com}: enough to tell users apart in an
     * incident, not enough to learn the address.
     */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return "<none>";
        }
        String trimmed = email.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            return "***";
        }
        // The first code point, not char: a character outside the BMP is not cut into a lone surrogate.
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, 1)) + "***" + trimmed.substring(at);
    }
}
