package io.cognitosuite.benchmarks;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.CountingDataSource;
import io.cognitosuite.postgres.testing.MigratedDatabase;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the pre-token generation benchmark end to end: starts PostgreSQL (embedded, or the server in
 * {@code BENCH_DATABASE_URL} with {@code BENCH_DATABASE_USER}/{@code BENCH_DATABASE_PASSWORD}), seeds
 * 100,000 users, counts statements per invocation, runs JMH for the handler and its baseline in one run,
 * and prints p50/p99 of both and their ratio. {@code --quick} shortens the measurement.
 */
public final class BenchmarkMain {
    private static final String LOG_CONFIG = "-Dlog4j2.configurationFile=classpath:log4j2-bench.xml";
    /** The target: handler p50 at most 1.5 times the raw lookup p50. */
    static final double TARGET_RATIO = 1.5;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-bench.xml");
        boolean quick = Arrays.asList(args).contains("--quick");
        boolean profile = Arrays.asList(args).contains("--profile");
        EmbeddedPostgresServer server = null;
        DatabaseCoordinates admin;
        String url = System.getenv("BENCH_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            admin = new DatabaseCoordinates(url, env("BENCH_DATABASE_USER", "postgres"), env("BENCH_DATABASE_PASSWORD", ""));
        } else {
            progress("starting embedded PostgreSQL");
            server = EmbeddedPostgresServer.start();
            admin = server.postgresDatabase();
        }
        try {
            String name = "bench_" + ProcessHandle.current().pid();
            TestDatabases.execute(admin, "CREATE DATABASE " + name);
            DatabaseCoordinates db = new DatabaseCoordinates(TestDatabases.replaceDatabase(admin.jdbcUrl(), name), admin.user(), admin.password());
            // Seeding runs long statements; the benchmark itself uses the production defaults.
            try (Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password())
                    .withStatementTimeout(Duration.ofMinutes(10)))) {
                Migrations.apply(database.dataSource());
                long seeding = System.nanoTime();
                progress("seeding " + BenchmarkData.USERS + " users");
                BenchmarkData.seed(database);
                progress(String.format(Locale.ROOT, "seeded %d users, %d workspaces, %d memberships in %.1f s",
                        MigratedDatabase.count(database, "SELECT count(*) FROM app_users"),
                        MigratedDatabase.count(database, "SELECT count(*) FROM workspaces"),
                        MigratedDatabase.count(database, "SELECT count(*) FROM workspace_members"),
                        (System.nanoTime() - seeding) / 1e9));
                if (Arrays.asList(args).contains("--explain")) {
                    explain(database);
                    return;
                }
                double statementsPerInvocation = countStatements(database);
                progress(String.format(Locale.ROOT, "statements per handler invocation: %.3f", statementsPerInvocation));
                Collection<RunResult> results = runJmh(db, quick, profile);
                report(results, statementsPerInvocation);
            }
            TestDatabases.execute(admin, "DROP DATABASE " + name);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Invokes the handler once per sampled user through a statement-counting data source. */
    private static double countStatements(Database database) throws Exception {
        CountingDataSource counting = new CountingDataSource(database.dataSource());
        Database counted = Database.over(counting);
        PreTokenGenerationHandler handler = PreTokenBenchmark.handler(counted);
        List<String> subs = BenchmarkData.sampleSubs(database);
        byte[][] events = PreTokenBenchmark.events(subs);
        FakeLambdaContext context = new FakeLambdaContext(PreTokenGenerationHandler.FUNCTION, Duration.ofDays(1));
        for (byte[] event : events) {
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), context);
        }
        return (double) counting.statements() / events.length;
    }

    private static Collection<RunResult> runJmh(DatabaseCoordinates db, boolean quick, boolean profile) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PreTokenBenchmark.class.getName())
                .forks(1)
                .threads(1)
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 3 : 5))
                .jvmArgsAppend(LOG_CONFIG, "-Dbench.jdbcUrl=" + db.jdbcUrl(), "-Dbench.user=" + db.user(),
                        "-Dbench.password=" + db.password());
        if (profile) {
            // Where the handler's time goes (thread stacks sampled by JMH's stack profiler).
            options.addProfiler(org.openjdk.jmh.profile.StackProfiler.class, "lines=12;top=25;detailLine=true");
        }
        return new Runner(options.build()).run();
    }

    private static void report(Collection<RunResult> results, double statementsPerInvocation) {
        Statistics handler = null;
        Statistics raw = null;
        Statistics jvmOnly = null;
        for (RunResult result : results) {
            String label = result.getPrimaryResult().getLabel();
            if (label.equals("handlerInvocation")) {
                handler = result.getPrimaryResult().getStatistics();
            } else if (label.equals("handlerWithoutDatabase")) {
                jvmOnly = result.getPrimaryResult().getStatistics();
            } else if (label.equals("rawPointLookup")) {
                raw = result.getPrimaryResult().getStatistics();
            }
        }
        if (handler == null || raw == null) {
            throw new IllegalStateException("JMH did not return both benchmarks");
        }
        double ratio50 = handler.getPercentile(50) / raw.getPercentile(50);
        double ratio99 = handler.getPercentile(99) / raw.getPercentile(99);
        System.out.println();
        System.out.println("Pre-token generation, warm, one thread (microseconds; same PostgreSQL, same users, one run)");
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %12s%n", "", "p50", "p99", "samples");
        System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %12d%n", "raw JDBC point lookup (baseline)",
                raw.getPercentile(50), raw.getPercentile(99), raw.getN());
        System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %12d%n", "handler invocation (JSON in/out)",
                handler.getPercentile(50), handler.getPercentile(99), handler.getN());
        if (jvmOnly != null) {
            System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %12d%n", "  of which JVM work (no database)",
                    jvmOnly.getPercentile(50), jvmOnly.getPercentile(99), jvmOnly.getN());
        }
        System.out.printf(Locale.ROOT, "%-34s %10.2f %10.2f%n", "ratio handler / baseline", ratio50, ratio99);
        System.out.printf(Locale.ROOT, "statements per invocation: %.3f (target 1)%n", statementsPerInvocation);
        System.out.printf(Locale.ROOT, "p50 ratio target <= %.1f: %s%n", TARGET_RATIO, ratio50 <= TARGET_RATIO ? "met" : "NOT met");
    }

    /** Prints the plans of both queries for one sampled user, for looking into the ratio. */
    private static void explain(Database database) {
        String sub = BenchmarkData.sampleSubs(database).get(3);
        for (String sql : List.of(PreTokenBenchmark.RAW_LOOKUP,
                io.cognitosuite.postgres.jdbc.JdbcUserAuthorizations.FIND)) {
            database.withConnection(c -> {
                try (var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                    int i = 1;
                    if (sql.contains("LIMIT ?")) {
                        ps.setInt(i++, 46);
                    }
                    ps.setString(i, sub);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            System.out.println(rs.getString(1));
                        }
                    }
                }
                System.out.println();
                return null;
            });
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void progress(String message) {
        System.out.println("[bench] " + message);
    }
}
