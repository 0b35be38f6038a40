package io.cognitosuite.tools.support;

import java.util.function.Supplier;

/**
 * Who makes a change, for the audit record: {@code --operator}, else {@code COGNITO_SUITE_OPERATOR}, else the
 * caller identity AWS reports for the credentials in use (the ARN from STS {@code GetCallerIdentity}). Never blank:
 * with none of the three the command refuses to change anything (exit 2).
 */
public final class Operator {
    /** The environment variable naming the operator when {@code --operator} is not given. */
    public static final String VARIABLE = "COGNITO_SUITE_OPERATOR";
    static final int MAX_LENGTH = 256;

    private Operator() {
    }

    /**
     * @param option       {@code --operator}, or {@code null}
     * @param variable     {@code COGNITO_SUITE_OPERATOR}, or {@code null}
     * @param callerArn    asks STS; returns the ARN or throws when there are no credentials or no STS endpoint
     */
    public static String resolve(String option, String variable, Supplier<String> callerArn) {
        String given = option != null ? option : variable;
        if (given != null) {
            return checked(given, option != null ? "--operator" : VARIABLE);
        }
        String arn;
        try {
            arn = callerArn.get();
        } catch (RuntimeException e) {
            throw new UsageException("no operator for the audit record: --operator is not given, " + VARIABLE
                    + " is not set, and the AWS caller identity is unknown (" + e.getClass().getSimpleName() + ")",
                    "pass --operator YOUR-NAME, or run with AWS credentials");
        }
        return checked(arn == null ? "" : arn, "the caller identity");
    }

    private static String checked(String value, String source) {
        String name = value.strip();
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new UsageException(source + " must be 1 to " + MAX_LENGTH + " printable characters",
                    "name yourself, e.g. --operator ada@support");
        }
        return name;
    }
}
