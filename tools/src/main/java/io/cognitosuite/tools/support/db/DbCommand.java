package io.cognitosuite.tools.support.db;

import io.cognitosuite.tools.support.CommandGroup;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.tools.support.AuditedAction;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.SupportSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code cognito-suite db}: apply or show the migrations of {@code DATABASE_URL}. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "The schema of the database in DATABASE_URL.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class})
public final class DbCommand extends CommandGroup {
    private static final Logger LOG = LoggerFactory.getLogger(DbCommand.class);
    static final String ACTION = "db migrate";


    /**
     * {@code db migrate}: what the deploy-time migration does (Flyway, then the app role's statement timeout). The
     * audit row is written after the migration, because before it the {@code support_audit} table may not exist yet;
     * a failed migration is a log line and the error.
     */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply the pending migrations (as the deploy-time migration does) and record it.")
    public static final class Migrate extends SupportCommand {
        Migrate(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            String operator = session.operator();
            MigrationSettings settings = MigrationSettings.fromEnvironment(session.environment());
            Instant started = session.runtime().clock().instant();
            int executed;
            try {
                executed = Migrations.apply(session.database().dataSource(), settings);
            } catch (RuntimeException e) {
                LOG.error("support action failed: db migrate by {} ({})", operator, e.getClass().getSimpleName());
                recordFailure(session, operator, started, e);
                throw e;
            }
            String requestId = AuditedAction.recordAfterwards(session.audit(), session.runtime().clock(), operator, ACTION,
                    Map.of(), Map.of("migrationsExecuted", (long) executed), started, "ok", null);
            List<Migrations.MigrationState> states = Migrations.info(session.database().dataSource());
            String current = states.stream().filter(s -> "Success".equals(s.state())).reduce((a, b) -> b)
                    .map(Migrations.MigrationState::version).orElse("none");
            session.print(Map.of("migrationsExecuted", executed, "currentVersion", current, "requestId", requestId),
                    () -> executed + " migration(s) applied; schema version " + current + " (request " + requestId + ")");
            return OK;
        }
    }

    /**
     * A failed migration is on the record too when it can be: earlier migrations of the run may be committed, and
     * V6 (the audit table) may be one of them. Before V6 there is no table to write to: the log line is the record.
     */
    static void recordFailure(SupportSession session, String operator, Instant started, RuntimeException e) {
        try {
            AuditedAction.recordAfterwards(session.audit(), session.runtime().clock(), operator, ACTION, Map.of(),
                    Map.of(), started, "failed", "the migration failed (" + e.getClass().getSimpleName() + "); see db info");
        } catch (RuntimeException noAuditTable) {
            LOG.warn("the failed db migrate is not in support_audit: {} (before migration V6 the table does not exist)",
                    noAuditTable.getClass().getSimpleName());
        }
    }

    /** {@code db info}: every migration with its state. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show every migration and its state.")
    public static final class Info extends SupportCommand {
        Info(CliRuntime runtime) {
            super(runtime);
        }

        @Override
        protected int run(SupportSession session) {
            List<Migrations.MigrationState> states = Migrations.info(session.database().dataSource());
            session.print(states, () -> "version  state     installed on          description\n" + states.stream()
                    .map(s -> String.format("%-8s %-9s %-21s %s", s.version(), s.state(),
                            s.installedOn() == null ? "-" : s.installedOn().toString().substring(0, 19) + "Z", s.description()))
                    .collect(Collectors.joining("\n")));
            return states.stream().anyMatch(s -> s.state().startsWith("Fail")) ? FAILED : OK;
        }
    }
}
