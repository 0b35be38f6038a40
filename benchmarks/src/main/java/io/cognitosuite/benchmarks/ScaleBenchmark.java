package io.cognitosuite.benchmarks;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pre-token generation warm p50 at 10,000, 100,000 and 1,000,000 users, each scale in a database of its own seeded with
 * the same spread ({@link BenchmarkData#seed(Database, int)}), the handler wired as in {@link PreTokenBenchmark}; the
 * three handlers take turns, one call each per round, each against an idle server, over about a thousand users of each
 * database. The target is flat: 1M users at most 1.2 times 10k.
 */
final class ScaleBenchmark {
    static final int[] SCALES = {10_000, 100_000, 1_000_000};
    static final double TARGET_RATIO = 1.2;

    private ScaleBenchmark() {
    }

    static void run(DatabaseCoordinates admin, boolean quick) throws Exception {
        List<Database> databases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            List<PreTokenGenerationHandler> handlers = new ArrayList<>();
            List<byte[][]> events = new ArrayList<>();
            for (int users : SCALES) {
                String name = "bench_scale_" + users + "_" + ProcessHandle.current().pid();
                TestDatabases.execute(admin, "CREATE DATABASE " + name);
                names.add(name);
                DatabaseCoordinates db = new DatabaseCoordinates(TestDatabases.replaceDatabase(admin.jdbcUrl(), name),
                        admin.user(), admin.password());
                long started = System.nanoTime();
                try (Database seeding = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password())
                        .withStatementTimeout(Duration.ofMinutes(30)))) {
                    Migrations.apply(seeding.dataSource());
                    BenchmarkData.seed(seeding, users);
                }
                System.out.printf(Locale.ROOT, "[bench] seeded %,d users in %.1f s%n", users, (System.nanoTime() - started) / 1e9);
                Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()));
                databases.add(database);
                handlers.add(PreTokenBenchmark.handler(database));
                events.add(PreTokenBenchmark.events(BenchmarkData.sampleSubs(database, users)));
            }
            int warmup = 3_000;
            int rounds = quick ? 10_000 : 20_000;
            long[][] nanos = new long[SCALES.length][rounds];
            FakeLambdaContext context = new FakeLambdaContext(PreTokenGenerationHandler.FUNCTION, Duration.ofDays(1));
            for (int i = -warmup; i < rounds; i++) {
                for (int s = 0; s < SCALES.length; s++) {
                    byte[][] batch = events.get(s);
                    byte[] event = batch[Math.floorMod(i, batch.length)];
                    PreTokenBenchmark.idleServer();
                    long started = System.nanoTime();
                    handlers.get(s).handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(1024), context);
                    long took = System.nanoTime() - started;
                    if (i >= 0) {
                        nanos[s][i] = took;
                    }
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Pre-token generation at scale, warm, interleaved: %d rounds (microseconds)%n", rounds);
            System.out.printf(Locale.ROOT, "%-14s %10s %10s %12s%n", "users", "p50", "p99", "p50 / 10k");
            double base = 0;
            double last = 0;
            for (int s = 0; s < SCALES.length; s++) {
                double[] p = InterleavedRun.p50p99Micros(nanos[s]);
                double p50 = p[0];
                double p99 = p[1];
                if (s == 0) {
                    base = p50;
                }
                last = p50 / base;
                System.out.printf(Locale.ROOT, "%-14s %10.1f %10.1f %12.2f%n", String.format(Locale.ROOT, "%,d", SCALES[s]), p50,
                        p99, p50 / base);
            }
            System.out.printf(Locale.ROOT, "p50 at 1M / at 10k target <= %.2f: %s%n", TARGET_RATIO,
                    last <= TARGET_RATIO ? "met" : "NOT met");
        } finally {
            databases.forEach(Database::close);
            for (String name : names) {
                TestDatabases.execute(admin, "DROP DATABASE IF EXISTS " + name);
            }
        }
    }
}
