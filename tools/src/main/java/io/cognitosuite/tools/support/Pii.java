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
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return "***";
        }
        return email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
    }

    /** The address whole with {@code --show-pii}, else masked. */
    public static String email(String email, boolean showPii) {
        return showPii ? email : maskEmail(email);
    }
}
