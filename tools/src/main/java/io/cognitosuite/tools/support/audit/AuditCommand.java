package io.cognitosuite.tools.support.audit;

import io.cognitosuite.tools.support.CommandGroup;
import io.cognitosuite.core.domain.AuditEntry;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.SupportSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cognito-suite audit list}: the support audit record, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The record of every change support made.",
        subcommands = AuditCommand.ListEntries.class)
public final class AuditCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show audit rows, newest first.")
    public static final class ListEntries extends SupportCommand {
        @Option(names = "--limit", defaultValue = "20", description = "At most this many rows (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--action", description = "Only this action, e.g. \"dlq redrive\" or reconcile.")
        String action;

        ListEntries(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            if (limit < 1 || limit > 10_000) {
                throw new io.cognitosuite.tools.support.UsageException("--limit must be 1 to 10000",
                        "e.g. --limit 50");
            }
            List<AuditEntry> entries = session.audit().list(limit, action);
            session.print(entries.stream().map(AuditCommand::json).toList(), () -> entries.isEmpty() ? "no audit rows"
                    : "started at            result       action        operator                  counts / detail\n"
                    + entries.stream().map(AuditCommand::line).collect(Collectors.joining("\n")));
            return OK;
        }
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id().toString());
        row.put("startedAt", e.startedAt().toString());
        row.put("finishedAt", e.finishedAt() == null ? null : e.finishedAt().toString());
        row.put("operator", e.operator());
        row.put("action", e.action());
        row.put("arguments", e.arguments());
        row.put("counts", e.counts());
        row.put("result", e.result());
        row.put("detail", e.detail());
        row.put("requestId", e.requestId());
        return row;
    }

    private static String line(AuditEntry e) {
        String counts = e.counts().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                .collect(Collectors.joining(" "));
        String result = e.finishedAt() == null && "started".equals(e.result()) ? "unfinished" : e.result();
        return String.format("%-21s %-12s %-13s %-25s %s%s", e.startedAt().toString().substring(0, 19) + "Z", result,
                e.action(), e.operator(), counts, e.detail() == null ? "" : "  " + e.detail());
    }
}
