package io.cognitosuite.core.domain;

/**
 * A {@link UserConfirmed} field breaks a rule of the {@code user.confirmed} contract. The message names
 * the field and the rule, never the value: it goes to logs and may be built from untrusted input.
 */
public final class InvalidUserConfirmedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidUserConfirmedException(String reason) {
        super(reason);
    }
}
