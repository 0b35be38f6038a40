package io.cognitosuite.reliability.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans log lines for what must never reach a log (STYLE: never tokens, whole emails, phones, passwords, row
 * details). Lines are scanned as the suite's JSON layout renders them, so a quote inside a message arrives escaped
 * ({@code \"}); the patterns accept both forms. A finding names the line by its position and shows it with all
 * offending text replaced, so the report of a leak does not leak it again.
 */
public final class LogHygiene {
    /** What kind of secret or personal data a line carried. */
    public enum Kind {
        /**
         * A whole address; a masked one ({@code a***@example.com}) is not matched because its local part ends in
         * {@code *}, which the local-part class excludes.
         */
        EMAIL("(?<![A-Za-z0-9._%+*-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
        /** E.164-like: a plus and 8 to 15 digits, not part of a longer number. */
        PHONE("(?<![\\w+])\\+[1-9][0-9]{7,14}(?![0-9])"),
        /** Three base64url segments, the first a JSON object ({@code eyJ} is {@code {"}); the signature may be empty. */
        JWT("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"),
        /**
         * {@code password=x}, {@code password: x}, {@code "password":"x"} (also escaped, and {@code passwd}, {@code pwd},
         * {@code DATABASE_PASSWORD=x}) with a value: not empty, not only asterisks, not {@code null}.
         */
        PASSWORD("(?i)(?:password|passwd|pwd)(?:\\\\?\")?\\s*[=:]\\s*(?:\\\\?\")?(?!\\*+(?:[\\s\"\\\\,;})]|$)|null\\b|[\\s\"\\\\,;})]|$)[^\\s\"\\\\,;})]+"),
        /** PostgreSQL's details of a rejected row: the row itself, or a key's values. */
        ROW_DETAILS("Failing row contains|Key \\([^)]*\\)=\\(");

        private final Pattern pattern;

        Kind(String regex) {
            this.pattern = Pattern.compile(regex);
        }
    }

    /** One offending line: its position (0-based) in what was scanned, the kind, and the line with every match masked. */
    public record Finding(int line, Kind kind, String masked) {
        @Override
        public String toString() {
            return "line " + line + ": " + kind + ": " + masked;
        }
    }

    private LogHygiene() {
    }

    /** {@code line} with whatever any kind matches replaced by the kind's name. */
    static String masked(String line) {
        String masked = line;
        for (Kind kind : Kind.values()) {
            masked = kind.pattern.matcher(masked).replaceAll("<" + kind + ">");
        }
        return masked;
    }

    /** Every finding in {@code lines}, in line order; a line with several kinds is named once per kind. */
    public static List<Finding> scan(List<String> lines) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (Kind kind : Kind.values()) {
                Matcher matcher = kind.pattern.matcher(line);
                if (matcher.find()) {
                    findings.add(new Finding(i, kind, masked(line)));
                }
            }
        }
        return findings;
    }
}
