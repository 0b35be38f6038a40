package io.cognitosuite.benchmarks;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.benchmarks.coldstart.ColdStartBenchmark;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.jdbc.JdbcUserAuthorizations;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the pre-token generation benchmarks end to end: starts PostgreSQL (embedded, or the server in
 * {@code BENCH_DATABASE_URL} with {@code BENCH_DATABASE_USER}/{@code BENCH_DATABASE_PASSWORD}); warm: seeds
 * 100,000 users, counts statements per invocation, runs JMH for the handler and its two baselines in one run and
 * prints p50/p99 and the ratios; cold: whole fresh JVMs, the handler from the unpacked Lambda artifact against a
 * JVM that opens a pool and runs one query ({@link ColdStartBenchmark}). {@code --quick} shortens both,
 * {@code --warm} or {@code --cold} runs one of them, {@code --api} only the API's warm {@code GET /me} row
 * ({@link ApiMeBenchmark}, also part of the warm run), {@code --explain} prints the statements' plans and timings,
 * {@code --hung} times each trigger with the database hung ({@link HungBenchmark}), {@code --throughput} runs issue
 * 13's five rows one after another ({@code --consumer}, {@code --pipeline}, {@code --publish}, {@code --scale},
 * {@code --hung}).
 */
public final class BenchmarkMain {
    /** Where the documented build leaves the triggers Lambda artifact and the cold-start baseline's libraries. */
    static final String DEFAULT_LAMBDA_JAR = "deploy/triggers-lambda/target/cognito-suite-triggers-lambda.jar";
    static final String DEFAULT_BASELINE_LIBRARIES = "benchmarks/target/cold-start-baseline";
    private static final String LOG_CONFIG = "-Dlog4j2.configurationFile=classpath:log4j2-bench.xml";
    /** The target: handler p50 at most 1.5 times the raw lookup p50. */
    static final double TARGET_RATIO = 1.5;
    /** The target: handler p50 at most 1.15 times the same SQL through raw JDBC (what our code adds). */
    static final double TARGET_SAME_SQL_RATIO = 1.15;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:log4j2-bench.xml");
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        boolean profile = options.contains("--profile");
        // --throughput: issue 13's five rows one after another (below); the hung database last, on a server of its own.
        boolean throughput = options.contains("--throughput");
        if (options.contains("--hung") && !throughput) {
            HungBenchmark.run(quick); // on an embedded server of its own, which it freezes
            return;
        }
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
            boolean explain = options.contains("--explain");
            boolean apiOnly = options.contains("--api");
            if (throughput) {
                consumerStage(admin, quick);
                PipelineBenchmark.run(admin, quick);
                PublishBenchmark.run(quick);
                ScaleBenchmark.run(admin, quick);
                HungBenchmark.run(quick); // on an embedded server of its own, which it freezes
                return;
            }
            if (options.contains("--scale")) {
                ScaleBenchmark.run(admin, quick);
                return;
            }
            if (options.contains("--publish")) {
                PublishBenchmark.run(quick);
                return;
            }
            if (options.contains("--pipeline")) {
                PipelineBenchmark.run(admin, quick);
                return;
            }
            if (options.contains("--consumer")) {
                consumerStage(admin, quick);
                return;
            }
            if (explain || !options.contains("--cold")) {
                warm(admin, quick, profile, explain, apiOnly);
            }
            if (!explain && !apiOnly && !options.contains("--warm")) {
                int runs = Integer.parseInt(option(args, "--runs=", quick ? "5" : "7"));
                new ColdStartBenchmark(Path.of(option(args, "--lambda-jar=", DEFAULT_LAMBDA_JAR)),
                        Path.of(option(args, "--baseline-lib=", DEFAULT_BASELINE_LIBRARIES)), runs).run(admin);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The warm benchmark (JMH) on a database of its own, or the plans and statement timings ({@code --explain}). */
    private static void warm(DatabaseCoordinates admin, boolean quick, boolean profile, boolean explain, boolean apiOnly)
            throws Exception {
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
            if (explain) {
                explain(database);
            } else if (apiOnly) {
                ApiMeBenchmark.run(db, quick);
            } else {
                double statementsPerInvocation = countStatements(database);
                progress(String.format(Locale.ROOT, "statements per handler invocation: %.3f", statementsPerInvocation));
                Collection<RunResult> results = runJmh(db, quick, profile);
                report(results, statementsPerInvocation);
                interleaved(db, quick);
                ApiMeBenchmark.run(db, quick);
            }
        }
        TestDatabases.execute(admin, "DROP DATABASE " + name);
    }

    /** The consumer's database stage against the naive loop, on a migrated database of its own ({@code --consumer}). */
    private static void consumerStage(DatabaseCoordinates admin, boolean quick) throws Exception {
        String name = "bench_consumer_" + ProcessHandle.current().pid();
        TestDatabases.execute(admin, "CREATE DATABASE " + name);
        DatabaseCoordinates db = new DatabaseCoordinates(TestDatabases.replaceDatabase(admin.jdbcUrl(), name), admin.user(), admin.password());
        try (Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()))) {
            Migrations.apply(database.dataSource());
        }
        // The embedded server runs without fsync and synchronous commit (test speed): a commit costs nothing there,
        // which hides what the naive loop pays on a real server, one flushed commit per statement. So the stage runs
        // on it as configured, then on a second embedded server that flushes every commit, as production does.
        ConsumerStageBenchmark.run(db, quick, "server as configured: fsync " + setting(admin, "fsync")
                + ", synchronous_commit " + setting(admin, "synchronous_commit"));
        TestDatabases.execute(admin, "DROP DATABASE " + name);
        if ("on".equals(setting(admin, "fsync")) && "on".equals(setting(admin, "synchronous_commit"))) {
            return; // already durable (a BENCH_DATABASE_URL server): the run above was the durable one
        }
        progress("starting a second embedded PostgreSQL that flushes every commit");
        try (EmbeddedPostgresServer durable = EmbeddedPostgresServer.startDurable()) {
            DatabaseCoordinates durableDb = durable.postgresDatabase();
            try (Database database = Database.pooled(DatabaseSettings.withDefaults(durableDb.jdbcUrl(), durableDb.user(),
                    durableDb.password()))) {
                Migrations.apply(database.dataSource());
            }
            ConsumerStageBenchmark.run(durableDb, quick, "durable, as in production: fsync " + setting(durableDb, "fsync")
                    + ", synchronous_commit " + setting(durableDb, "synchronous_commit"));
        }
    }

    private static String setting(DatabaseCoordinates db, String name) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The cross-check of the JMH table: the same calls in turn, in this JVM, after JMH's fork has ended. */
    private static void interleaved(DatabaseCoordinates db, boolean quick) throws Exception {
        System.setProperty("bench.jdbcUrl", db.jdbcUrl());
        System.setProperty("bench.user", db.user());
        System.setProperty("bench.password", db.password());
        PreTokenBenchmark benchmark = new PreTokenBenchmark();
        benchmark.setUp();
        try {
            InterleavedRun.run(benchmark, 5_000, quick ? 10_000 : 20_000);
        } finally {
            benchmark.tearDown();
        }
    }

    private static String option(String[] args, String prefix, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()))
                .reduce((first, last) -> last).orElse(fallback);
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
        Map<String, Statistics> byName = new HashMap<>();
        for (RunResult result : results) {
            byName.put(result.getPrimaryResult().getLabel(), result.getPrimaryResult().getStatistics());
        }
        Statistics handler = byName.get("handlerInvocation");
        Statistics pointLookup = byName.get("rawPointLookup");
        Statistics sameQuery = byName.get("rawSameQuery");
        if (handler == null || pointLookup == null || sameQuery == null) {
            throw new IllegalStateException("JMH did not return the handler and both baselines: " + byName.keySet());
        }
        System.out.println();
        System.out.println("Pre-token generation, warm, one thread (microseconds; same PostgreSQL, same users, one run)");
        System.out.printf(Locale.ROOT, "%-40s %10s %10s %12s%n", "", "p50", "p99", "samples");
        row("raw JDBC point lookup (baseline 1)", pointLookup);
        row("raw JDBC, the handler's SQL (baseline 2)", sameQuery);
        row("handler invocation (JSON in/out)", handler);
        row("  diagnostic: adapter (bounded call+SQL)", byName.get("adapterLookup"));
        row("  diagnostic: JVM work (no database)", byName.get("handlerWithoutDatabase"));
        double toPointLookup = ratio(handler, pointLookup, 50);
        double toSameQuery = ratio(handler, sameQuery, 50);
        System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio handler / point lookup", toPointLookup,
                ratio(handler, pointLookup, 99));
        System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio handler / same SQL", toSameQuery,
                ratio(handler, sameQuery, 99));
        System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio same SQL / point lookup",
                ratio(sameQuery, pointLookup, 50), ratio(sameQuery, pointLookup, 99));
        System.out.printf(Locale.ROOT, "statements per invocation: %.3f (target 1)%n", statementsPerInvocation);
        System.out.printf(Locale.ROOT, "p50 handler / point lookup target <= %.2f: %s%n", TARGET_RATIO,
                toPointLookup <= TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "p50 handler / same SQL target <= %.2f: %s%n", TARGET_SAME_SQL_RATIO,
                toSameQuery <= TARGET_SAME_SQL_RATIO ? "met" : "NOT met");
    }

    private static double ratio(Statistics a, Statistics b, double percentile) {
        return a.getPercentile(percentile) / b.getPercentile(percentile);
    }

    private static void row(String label, Statistics statistics) {
        if (statistics != null) {
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f %12d%n", label, statistics.getPercentile(50),
                    statistics.getPercentile(99), statistics.getN());
        }
    }

    /**
     * Prints, for one sampled user, the plan of the point lookup, of the lateral join the adapter sent before
     * migration V5 and of the function that holds it now, then times each statement through the benchmark's pool
     * (the production driver settings: {@code prepareThreshold=0}, so parsed and planned on every call unless the
     * server caches the plan), interleaved over the sampled users.
     */
    private static void explain(Database database) throws SQLException {
        List<String> subs = BenchmarkData.sampleSubs(database);
        int limit = PreTokenBenchmark.MAX_MEMBERSHIPS + 1;
        Map<String, StatementBinder> statements = new LinkedHashMap<>();
        statements.put("point lookup", (ps, sub) -> ps.setString(1, sub));
        statements.put("lateral join, inline (before V5)", (ps, sub) -> {
            ps.setInt(1, limit);
            ps.setString(2, sub);
        });
        statements.put("user_authorization function (V5)", (ps, sub) -> {
            ps.setString(1, sub);
            ps.setInt(2, limit);
        });
        Map<String, String> sql = Map.of("point lookup", PreTokenBenchmark.RAW_LOOKUP,
                "lateral join, inline (before V5)", io.cognitosuite.postgres.testing.FormerTokenLookup.INLINE_QUERY,
                "user_authorization function (V5)", JdbcUserAuthorizations.QUERY);
        Map<String, long[]> timings = new LinkedHashMap<>();
        int rounds = 3000;
        try (Connection c = database.dataSource().getConnection()) {
            for (Map.Entry<String, StatementBinder> statement : statements.entrySet()) {
                System.out.println("-- " + statement.getKey());
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql.get(statement.getKey()))) {
                    statement.getValue().bind(ps, subs.get(3));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            System.out.println(rs.getString(1));
                        }
                    }
                }
                timings.put(statement.getKey(), new long[rounds]);
            }
            for (int i = 0; i < rounds; i++) {
                String sub = subs.get(i % subs.size());
                for (Map.Entry<String, StatementBinder> statement : statements.entrySet()) {
                    long started = System.nanoTime();
                    try (PreparedStatement ps = c.prepareStatement(sql.get(statement.getKey()))) {
                        statement.getValue().bind(ps, sub);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(2);
                            }
                        }
                    }
                    timings.get(statement.getKey())[i] = System.nanoTime() - started;
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "one connection, %d calls each, interleaved (microseconds)%n", rounds);
        System.out.printf(Locale.ROOT, "%-36s %8s %8s%n", "", "p50", "p90");
        for (Map.Entry<String, long[]> timing : timings.entrySet()) {
            long[] t = timing.getValue();
            Arrays.sort(t, rounds / 10, rounds); // the first tenth warms up
            long[] measured = Arrays.copyOfRange(t, rounds / 10, rounds);
            System.out.printf(Locale.ROOT, "%-36s %8.1f %8.1f%n", timing.getKey(), measured[measured.length / 2] / 1e3,
                    measured[measured.length * 9 / 10] / 1e3);
        }
    }

    @FunctionalInterface
    private interface StatementBinder {
        void bind(PreparedStatement statement, String sub) throws SQLException;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void progress(String message) {
        System.out.println("[bench] " + message);
    }
}
