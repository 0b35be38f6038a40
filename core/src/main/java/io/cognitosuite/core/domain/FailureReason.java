package io.cognitosuite.core.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why the provisioning consumer failed a {@code user.confirmed} message, as support reads it. The code is what
 * {@code provisioning_failures.reason_code} stores; the advice is what {@code cognito-suite dlq peek} and
 * {@code users show} print next to it.
 */
public enum FailureReason {
    /** The body breaks the message contract; a redrive fails again until the message is corrected or dropped. */
    INVALID_MESSAGE("invalid_message", true,
            "the body breaks the user.confirmed contract: redriving it fails again; reconcile the user instead"),
    /** The database could not be reached, was hung or too slow; transient. */
    DATABASE_UNAVAILABLE("database_unavailable", false,
            "the database was unavailable: once it is back, redrive the message"),
    /** The database refused the row (a constraint, a value out of bounds); permanent until the data or schema is fixed. */
    DATABASE_REJECTED("database_rejected", true,
            "the database refused the row: fix the cause named in the detail, then redrive"),
    /** The function's own deadline came before the message was tried; transient. */
    OUT_OF_TIME("out_of_time", false,
            "the function ran out of time before the message was tried: redrive it"),
    /** Anything else the consumer did not expect; see the function's log for the request id. */
    UNEXPECTED("unexpected", false,
            "the consumer failed unexpectedly: see the function's log around the last failure, then redrive");

    private final String code;
    private final boolean permanent;
    private final String advice;

    FailureReason(String code, boolean permanent, String advice) {
        this.code = code;
        this.permanent = permanent;
        this.advice = advice;
    }

    /** The stored code, e.g. {@code invalid_message}. */
    public String code() {
        return code;
    }

    /** Whether a redrive without a fix fails again. */
    public boolean permanent() {
        return permanent;
    }

    /** One sentence for support: what it means and what to do. */
    public String advice() {
        return advice;
    }

    /** The reason with this stored code. */
    public static Optional<FailureReason> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
