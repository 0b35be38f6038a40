package io.cognitosuite.tools.support;

/** Personal data as support sees it: masked unless {@code --show-pii}. */
public final class Pii {
    private Pii() {
    }

    /**
     * {@code ada@example.com} → {@code a***@example.com}: enough to recognise a user in a list, not to contact them.
     * Text that is not an address becomes {@code ***}; {@code null} stays {@code null}.
     */
    public static String maskEmail(String email) {
        // The logs' own masking (Redaction), so support sees an address as the logs show it; null stays null here.
        return email == null ? null : io.cognitosuite.core.observability.Redaction.maskEmail(email);
    }

    /** The address whole with {@code --show-pii}, else masked. */
    public static String email(String email, boolean showPii) {
        return showPii ? email : maskEmail(email);
    }
}
