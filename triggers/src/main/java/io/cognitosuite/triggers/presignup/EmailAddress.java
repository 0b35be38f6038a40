package io.cognitosuite.triggers.presignup;

import java.util.Locale;
import java.util.Optional;

/** An email address normalized for policy checks: trimmed and lower-cased, with its domain. */
record EmailAddress(String value, String domain) {

    /** Empty when the text is not a plain address (one {@code @}, a dotted domain, no spaces or quotes). */
    static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.strip().toLowerCase(Locale.ROOT);
        int at = normalized.indexOf('@');
        if (normalized.length() > 254 || at <= 0 || at != normalized.lastIndexOf('@') || at == normalized.length() - 1) {
            return Optional.empty();
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\\' || c == '<' || c == '>' || Character.isISOControl(c)) {
                return Optional.empty();
            }
        }
        String domain = normalized.substring(at + 1);
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(normalized, domain));
    }
}
