package io.cognitosuite.triggers.runtime;

import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.Fingerprint;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelope values of a trigger event that reach logs, metrics and messages, each only in a known
 * set or shape. {@code triggerSource} and {@code userPoolId} go into every log line of an invocation
 * (the trigger source also into a metric dimension); a value outside the set or shape is replaced by a
 * fixed word instead of being copied from the event, which anyone able to invoke the function controls.
 */
public final class EnvelopeValues {
    /** Stands for any trigger source outside {@link #KNOWN_TRIGGER_SOURCES}. */
    public static final String UNKNOWN = "unknown";
    /** Stands for a pool or client id that does not have the shape of one. */
    public static final String INVALID = "invalid";

    /** Every trigger source a suite trigger accepts (each trigger still rejects the others' sources). */
    public static final Set<String> KNOWN_TRIGGER_SOURCES = Set.of(
            "PreSignUp_SignUp",
            "PreSignUp_AdminCreateUser",
            "PreSignUp_ExternalProvider",
            "PostConfirmation_ConfirmSignUp",
            "PostConfirmation_ConfirmForgotPassword",
            "PostAuthentication_Authentication",
            "TokenGeneration_HostedAuth",
            "TokenGeneration_Authentication",
            "TokenGeneration_NewPasswordChallenge",
            "TokenGeneration_AuthenticateDevice",
            "TokenGeneration_RefreshTokens",
            "TokenGeneration_ClientCredentials");

    /** {@code ClientIdType} of the Cognito API: {@code [\w+]+}, at most 128 characters. */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");

    /** The shape of the {@code sub} Cognito gives every user: a UUID. */
    private static final Pattern SUB = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private EnvelopeValues() {
    }

    /** The source itself when it is in {@link #KNOWN_TRIGGER_SOURCES}, otherwise {@link #UNKNOWN}. */
    public static String triggerSource(String triggerSource) {
        return triggerSource != null && KNOWN_TRIGGER_SOURCES.contains(triggerSource) ? triggerSource : UNKNOWN;
    }

    /**
     * The pool id when it has the shape of one (so it is neither an email nor a token), otherwise {@link #INVALID}.
     * The shape is {@code user.confirmed}'s ({@link UserConfirmed#USER_POOL_ID}, at most
     * {@link UserConfirmed#MAX_USER_POOL_ID} characters): one rule for what is logged and what is stored. The pattern
     * is ASCII only, so counting UTF-16 units here counts characters.
     */
    public static String userPoolId(String userPoolId) {
        return userPoolId != null && userPoolId.length() <= UserConfirmed.MAX_USER_POOL_ID
                && UserConfirmed.USER_POOL_ID.matcher(userPoolId).matches() ? userPoolId : INVALID;
    }

    /** The app client id when it has the shape of one, otherwise {@link #INVALID}; for log lines. */
    public static String clientId(String clientId) {
        return isClientId(clientId) ? clientId : INVALID;
    }

    /**
     * Whether the value has an app client id's shape. For a value that is stored rather than logged: {@link #INVALID}
     * has that shape too, so {@link #clientId(String)}'s answer cannot tell the marker from a client named so.
     */
    public static boolean isClientId(String clientId) {
        return clientId != null && CLIENT_ID.matcher(clientId).matches();
    }

    /**
     * The {@code sub} for a log line: itself when it has the shape Cognito gives a sub (a UUID), otherwise its
     * {@link Fingerprint}. A storable sub may be any text of up to 128 characters (an email, a token, control
     * characters), and whoever can invoke the function chooses it: such a value is told apart in the log, never copied
     * into it (issue 13, scenario 7 found emails logged this way).
     */
    public static String sub(String sub) {
        return sub != null && SUB.matcher(sub).matches() ? sub : Fingerprint.of(sub);
    }
}
