package io.cognitosuite.tools.support.dlq;

import picocli.CommandLine.Option;

/** The conditions a dead letter must meet to be shown or moved (a picocli mixin; all given must hold). */
public final class FilterOptions {
    @Option(names = "--sub", paramLabel = "SUB", description = "Only the messages of this user (the body's sub).")
    String sub;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only messages of this type, e.g. user.confirmed.")
    String type;

    @Option(names = "--reason", paramLabel = "CODE",
            description = "Only messages with this failure reason: invalid_message, database_unavailable, "
                    + "database_rejected, out_of_time, unexpected, or unknown (no record, valid body).")
    String reason;

    @Option(names = "--older-than", paramLabel = "DURATION",
            description = "Only messages first sent at least this long ago: 90s, 30m, 2h, 3d or PT2H.")
    String olderThan;

    RedriveFilter filter() {
        return new RedriveFilter(blankToNull(sub), blankToNull(type), blankToNull(reason),
                RedriveFilter.duration(blankToNull(olderThan), "--older-than"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
