package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Cognito confirmed a user: the fact behind the {@code user.confirmed} message.
 *
 * <p>The constructor holds every value rule of the contract, so post-confirmation (before it publishes)
 * and the consumer (when it reads a message) refuse the same values with the same reason: a value that
 * can never be provisioned fails the trigger, where the user sees it, instead of ending in the dead-letter
 * queue. The bounds follow Cognito's own limits (and {@code app_users.cognito_sub}'s CHECK of 1-128);
 * lengths count characters (Unicode code points) as PostgreSQL's {@code char_length} does. See the README's
 * {@code user.confirmed} field table.
 *
 * @param userPoolId       the pool, e.g. {@code eu-west-1_AbCdEf123}
 * @param sub              Cognito's immutable user id
 * @param username         the pool user name (for a federated user {@code Provider_id})
 * @param email            the email attribute, or {@code null} for users without one
 * @param emailVerified    whether Cognito marks the email verified
 * @param identityProvider the federated provider name (e.g. {@code Google}), or {@code null} for native users
 * @param triggerSource    the Cognito trigger source that produced the fact
 * @param occurredAt       when the trigger ran
 * @throws InvalidUserConfirmedException naming the field and the rule it breaks (never the value)
 */
public record UserConfirmed(
        String userPoolId,
        String sub,
        String username,
        String email,
        boolean emailVerified,
        String identityProvider,
        String triggerSource,
        Instant occurredAt) {

    /** The only trigger source that confirms a new user, and so the only one version 1 carries. */
    public static final String CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";
    /** Cognito's user pool id: at most 55 characters of this shape (CreateUserPool API reference). */
    public static final Pattern USER_POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    public static final int MAX_USER_POOL_ID = 55;
    /** {@code app_users.cognito_sub} allows 1-128 characters; Cognito's subs are 36-character UUIDs. */
    public static final int MAX_SUB = 128;
    /** Cognito user names are 1-128 characters. */
    public static final int MAX_USERNAME = 128;
    /** The longest address SMTP can deliver to (RFC 5321 path limit less the angle brackets). */
    public static final int MAX_EMAIL = 254;
    /** Cognito identity provider names are 1-32 characters. */
    public static final int MAX_IDENTITY_PROVIDER = 32;

    public UserConfirmed {
        requireStorableUser(userPoolId, sub, username, email);
        if (identityProvider != null) {
            requireText(identityProvider, "identityProvider", MAX_IDENTITY_PROVIDER);
        }
        if (triggerSource == null || triggerSource.isBlank()) {
            throw new InvalidUserConfirmedException("triggerSource is missing or blank");
        }
        if (!CONFIRM_SIGN_UP.equals(triggerSource)) {
            throw new InvalidUserConfirmedException("triggerSource is not " + CONFIRM_SIGN_UP);
        }
        if (occurredAt == null) {
            throw new InvalidUserConfirmedException("occurredAt is missing");
        }
    }

    /**
     * The rules for the values an {@code app_users} row is made of, wherever the row comes from: the consumer (through
     * this record) and pre-token generation's lazy creation (through {@link NewAppUser}) store the same values.
     */
    static void requireStorableUser(String userPoolId, String sub, String username, String email) {
        requireStorableUserPoolId(userPoolId);
        requireStorableSub(sub);
        requireText(username, "username", MAX_USERNAME);
        if (email != null) {
            requireStorableEmail(email);
        }
    }

    /**
     * The rule for a stored user's email, for callers that see the email before there is a user: pre-sign-up applies
     * it to the email as Cognito will hold it, so that an address every later step would refuse (too long, a lone
     * surrogate, a NUL, any whitespace) is refused while the user can still choose another.
     *
     * @throws InvalidUserConfirmedException naming the rule the email breaks (never the email)
     */
    public static void requireStorableEmail(String email) {
        requireText(email, "email", MAX_EMAIL);
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidUserConfirmedException("email is not an email address");
        }
    }

    /** {@code userPoolId#sub}: the same user confirmed twice yields the same key. */
    public String idempotencyKey() {
        return userPoolId + "#" + sub;
    }

    /**
     * The rule for a user pool id alone (the one {@link #requireStorableUser} applies), for a reader that must know
     * whether a message names a user before it trusts the rest of it: the consumer's failure records.
     *
     * @throws InvalidUserConfirmedException naming the rule the id breaks (never the value)
     */
    public static void requireStorableUserPoolId(String userPoolId) {
        requireText(userPoolId, "userPoolId", MAX_USER_POOL_ID);
        if (!USER_POOL_ID.matcher(userPoolId).matches()) {
            throw new InvalidUserConfirmedException("userPoolId is not a Cognito user pool id");
        }
    }

    /**
     * The rule for a {@code sub} alone (the one {@link #requireStorableUser} applies), for a trigger that must check the
     * sub before it queries or logs it: pre-token generation and post-authentication.
     *
     * @throws InvalidUserConfirmedException naming the rule the sub breaks (never the value)
     */
    public static void requireStorableSub(String sub) {
        requireText(sub, "sub", MAX_SUB);
    }

    /**
     * Present, not blank, at most {@code max} characters, and only characters SQS can carry and PostgreSQL can
     * store: a lone surrogate (no character at all) or U+FFFE/U+FFFF makes SQS refuse the whole message
     * ({@code InvalidMessageContents}), and a NUL cannot be stored in a text column; no retry can change either.
     * Other control characters are not refused: the JSON body carries them escaped, and the database stores them.
     */
    private static void requireText(String value, String name, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidUserConfirmedException(name + " is missing or blank");
        }
        // Checked on UTF-16 units first so a huge value is refused without walking it.
        if (value.length() > 2 * max || value.codePointCount(0, value.length()) > max) {
            throw new InvalidUserConfirmedException(name + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                throw new InvalidUserConfirmedException(name
                        + " holds a character that cannot be sent (a lone surrogate or a non-character)");
            } else if (c == '\u0000') {
                // SQS carries it (escaped in the JSON body), but PostgreSQL text cannot hold it: no delivery could
                // ever store the row, so it is refused here rather than in a dead-letter queue.
                throw new InvalidUserConfirmedException(name + " holds a NUL character, which the database cannot store");
            }
        }
    }

    @Override
    public String toString() {
        return "UserConfirmed[userPoolId=" + userPoolId + ", sub=" + sub + ", triggerSource=" + triggerSource + "]";
    }
}
