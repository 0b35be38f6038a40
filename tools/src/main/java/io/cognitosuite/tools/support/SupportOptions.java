package io.cognitosuite.tools.support;

import picocli.CommandLine.Option;

/** The options every support command takes (a picocli mixin). */
public final class SupportOptions {
    @Option(names = "--json", description = "Print one JSON document instead of text, for scripts.")
    public boolean json;

    @Option(names = "--show-pii", description = "Show whole email addresses (masked by default, e.g. a***@example.com).")
    public boolean showPii;

    @Option(names = "--operator", paramLabel = "NAME",
            description = "Who runs this change, for the audit record. Default: $COGNITO_SUITE_OPERATOR, else the "
                    + "AWS caller identity (STS GetCallerIdentity).")
    public String operator;
}
