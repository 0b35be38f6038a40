package io.cognitosuite.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The warm benchmark's calls taken in turn, one of each per round, on one thread: on a machine shared with other
 * work the load changes from one JMH benchmark to the next, but not within a round, so the ratios of this table
 * hold however busy the machine is. Each call starts against an idle server, as in the JMH run
 * ({@link PreTokenBenchmark#idleServer()}). The first rounds warm up (and JIT-compile) and are not counted.
 */
final class InterleavedRun {
    private InterleavedRun() {
    }

    static void run(PreTokenBenchmark benchmark, int warmupRounds, int rounds) throws Exception {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("raw JDBC point lookup (baseline 1)", benchmark::rawPointLookup);
        calls.put("raw JDBC, the handler's SQL (baseline 2)", benchmark::rawSameQuery);
        calls.put("handler invocation (JSON in/out)", benchmark::handlerInvocation);
        calls.put("  diagnostic: adapter (bounded call+SQL)", benchmark::adapterLookup);
        calls.put("  diagnostic: JVM work (no database)", benchmark::handlerWithoutDatabase);
        Map<String, long[]> nanos = new LinkedHashMap<>();
        calls.keySet().forEach(k -> nanos.put(k, new long[rounds]));
        for (int i = -warmupRounds; i < rounds; i++) {
            for (Map.Entry<String, Call> call : calls.entrySet()) {
                PreTokenBenchmark.idleServer();
                long started = System.nanoTime();
                call.getValue().run();
                long took = System.nanoTime() - started;
                if (i >= 0) {
                    nanos.get(call.getKey())[i] = took;
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Interleaved: %d rounds of one call each, in turn (microseconds)%n", rounds);
        System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "", "p50", "p99");
        Map<String, double[]> percentiles = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : nanos.entrySet()) {
            double[] p = p50p99Micros(entry.getValue());
            double p50 = p[0];
            double p99 = p[1];
            percentiles.put(entry.getKey(), p);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", entry.getKey(), p50, p99);
        }
        double[] handler = percentiles.get("handler invocation (JSON in/out)");
        double[] point = percentiles.get("raw JDBC point lookup (baseline 1)");
        double[] same = percentiles.get("raw JDBC, the handler's SQL (baseline 2)");
        System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio handler / point lookup", handler[0] / point[0], handler[1] / point[1]);
        System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio handler / same SQL", handler[0] / same[0], handler[1] / same[1]);
        System.out.printf(Locale.ROOT, "interleaved p50 handler / point lookup target <= %.2f: %s%n", BenchmarkMain.TARGET_RATIO,
                handler[0] / point[0] <= BenchmarkMain.TARGET_RATIO ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "interleaved p50 handler / same SQL target <= %.2f: %s%n",
                BenchmarkMain.TARGET_SAME_SQL_RATIO, handler[0] / same[0] <= BenchmarkMain.TARGET_SAME_SQL_RATIO ? "met" : "NOT met");
    }

    /** The p50 and p99 of {@code nanos}, in microseconds (every interleaved benchmark reports them this way). */
    static double[] p50p99Micros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3};
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }
}
