package io.cognitosuite.benchmarks.coldstart;

import io.cognitosuite.postgres.Database;
import io.cognitosuite.testing.LambdaJars;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start, whole processes: a fresh JVM that loads {@code PreTokenGenerationHandler} from the unpacked triggers
 * Lambda artifact and answers its first V2 event against a real PostgreSQL (a migrated schema with the event's
 * user), against a fresh JVM that opens a HikariCP pool and runs one point lookup, interleaved, several runs each.
 * Both children run with the JVM flags Lambda's Java 17 and 21 runtimes use by default (tiered compilation stopped
 * at C1, serial GC). Then one more run of each with {@code -Xlog:class+load} counts the classes each phase loads.
 */
public final class ColdStartBenchmark {
    /** Printed by a probe before each phase: {@code construct}, {@code invoke}, {@code done}. */
    static final String MARKER = "cold-start-phase ";
    /** Prefixes a probe's own figures. */
    static final String RESULT = "cold-start-result ";
    /** The target: the handler's process at most 1.3 times the baseline's (medians). */
    public static final double TARGET_RATIO = 1.3;
    public static final String HANDLER = "io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler";
    static final String EVENT = "events/pre-token-generation/v2-authentication.json";
    static final String EVENT_SUB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    /** Lambda's defaults for Java 17 and 21 (docs.aws.amazon.com/lambda/latest/dg/java-customization.html). */
    private static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private final Path lambdaJar;
    private final Path baselineLibraries;
    private final int runs;

    public ColdStartBenchmark(Path lambdaJar, Path baselineLibraries, int runs) {
        this.lambdaJar = lambdaJar;
        this.baselineLibraries = baselineLibraries;
        this.runs = runs;
    }

    /** Creates a database of its own on the server of {@code admin}, runs the benchmark, prints the table. */
    public void run(DatabaseCoordinates admin) throws Exception {
        requireFile(lambdaJar, "the triggers Lambda artifact (built by the documented package command)");
        requireFile(baselineLibraries, "the baseline's libraries (built by the bench profile's package)");
        String name = "cold_" + ProcessHandle.current().pid();
        TestDatabases.execute(admin, "CREATE DATABASE " + name);
        DatabaseCoordinates db = new DatabaseCoordinates(TestDatabases.replaceDatabase(admin.jdbcUrl(), name),
                admin.user(), admin.password());
        Path work = Files.createTempDirectory("cold-start");
        try {
            prepareDatabase(db);
            Path unpacked = LambdaJars.unpack(lambdaJar, work.resolve("task"));
            Path probes = copyProbes(work.resolve("probes"));
            Path event = work.resolve("event.json");
            try (InputStream in = resource(EVENT)) {
                Files.write(event, in.readAllBytes());
            }
            Map<String, String> environment = environment(db);
            List<String> handlerCommand = command(List.of(unpacked, probes), HandlerProbe.class.getName(), HANDLER,
                    event.toString());
            List<Path> baselinePath = new ArrayList<>();
            baselinePath.add(probes);
            try (Stream<Path> jars = Files.list(baselineLibraries)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(baselinePath::add);
            }
            List<String> baselineCommand = command(baselinePath, BaselineProbe.class.getName(), EVENT_SUB);

            progress("cold start: one untimed run of each (file cache), then " + runs + " interleaved runs of each");
            checkHandler(launch(handlerCommand, environment, List.of()));
            checkBaseline(launch(baselineCommand, environment, List.of()));
            List<Run> handlerRuns = new ArrayList<>();
            List<Run> baselineRuns = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // Alternate who goes first, so that neither always follows the other's page cache or CPU burst.
                if (i % 2 == 0) {
                    baselineRuns.add(checkBaseline(launch(baselineCommand, environment, List.of())));
                    handlerRuns.add(checkHandler(launch(handlerCommand, environment, List.of())));
                } else {
                    handlerRuns.add(checkHandler(launch(handlerCommand, environment, List.of())));
                    baselineRuns.add(checkBaseline(launch(baselineCommand, environment, List.of())));
                }
            }
            List<String> classLog = List.of("-Xlog:class+load=info:stdout");
            Run handlerCensus = checkHandler(launch(handlerCommand, environment, classLog));
            Run baselineCensus = checkBaseline(launch(baselineCommand, environment, classLog));
            report(handlerRuns, baselineRuns, handlerCensus, baselineCensus, unpacked);
        } finally {
            deleteQuietly(work);
            TestDatabases.execute(admin, "DROP DATABASE " + name);
        }
    }

    /** The schema as migrated for the functions, and the sample event's user with a personal workspace. */
    private static void prepareDatabase(DatabaseCoordinates db) {
        try (Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()))) {
            Migrations.apply(database.dataSource());
            database.inTransaction(c -> {
                try (PreparedStatement user = c.prepareStatement("""
                        INSERT INTO app_users (cognito_sub, user_pool_id, username, email, email_verified, role, billing_plan)
                        VALUES (?, 'eu-west-1_Ab12Cd34E', ?, 'lin@example.com', true, 'admin', 'pro')
                        """)) {
                    user.setString(1, EVENT_SUB);
                    user.setString(2, EVENT_SUB);
                    user.executeUpdate();
                }
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO workspaces (name, owner_user_id, personal) SELECT 'Personal', id, true FROM app_users");
                    s.execute("INSERT INTO workspace_members (workspace_id, user_id, role) SELECT id, owner_user_id, 'owner' FROM workspaces");
                    s.execute("UPDATE app_users u SET personal_workspace_id = w.id FROM workspaces w WHERE w.owner_user_id = u.id");
                }
                return null;
            });
        }
    }

    /** What Lambda gives the function, the database, and credentials that could never reach AWS. */
    private static Map<String, String> environment(DatabaseCoordinates db) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_ACCESS_KEY_ID", "AKIACOLDSTARTCOLDST0");
        environment.put("AWS_SECRET_ACCESS_KEY", "cold-start-secret");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "PreTokenGeneration");
        environment.put("LOG_LEVEL", "INFO");
        environment.put("DATABASE_URL", db.jdbcUrl());
        environment.put("DATABASE_USER", db.user());
        environment.put("DATABASE_PASSWORD", db.password());
        return environment;
    }

    private static List<String> command(List<Path> classPath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(LAMBDA_JVM_FLAGS);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** One whole process: wall time from start to exit, its output, and the probe's own figures. */
    record Run(long wallNanos, List<String> stdout, Map<String, String> results) {
        long result(String key) {
            return Long.parseLong(results.get(key));
        }
    }

    private static Run launch(List<String> command, Map<String, String> environment, List<String> extraJvmFlags)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(1, extraJvmFlags);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("a cold-start child did not exit within " + CHILD_TIMEOUT_SECONDS + " s");
        }
        long wall = System.nanoTime() - started;
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith(RESULT)) {
                String rest = line.substring(RESULT.length());
                int space = rest.indexOf(' ');
                results.put(rest.substring(0, space), rest.substring(space + 1));
            }
        }
        if (process.exitValue() != 0 || !results.containsKey("first-invocation-ns")) {
            throw new IllegalStateException("a cold-start child failed (exit " + process.exitValue() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return new Run(wall, lines, results);
    }

    /** The handler must have answered with the app's claims, or the run measured a fallback. */
    private static Run checkHandler(Run run) {
        String response = run.results().getOrDefault("response", "");
        if (!response.contains("claimsToAddOrOverride") || response.contains("claims_unavailable")
                || !response.contains("admin")) {
            throw new IllegalStateException("the handler did not answer with the user's claims: " + response);
        }
        return run;
    }

    private static Run checkBaseline(Run run) {
        if (!"role=admin".equals(run.results().get("response"))) {
            throw new IllegalStateException("the baseline did not find the user: " + run.results().get("response"));
        }
        return run;
    }

    private void report(List<Run> handler, List<Run> baseline, Run handlerCensus, Run baselineCensus, Path unpacked)
            throws IOException {
        System.out.println();
        System.out.printf(Locale.ROOT, "Cold start, whole processes, %d interleaved runs each (milliseconds; JVM flags %s)%n",
                runs, String.join(" ", LAMBDA_JVM_FLAGS));
        System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s%n", "", "min", "median", "max");
        spread("baseline: HikariCP + pgjdbc, one query, wall", baseline, r -> r.wallNanos());
        spread("handler from the unpacked jar, wall", handler, r -> r.wallNanos());
        spread("  handler: construct (no-arg constructor)", handler, r -> r.result("construct-ns"));
        spread("  handler: first invocation", handler, r -> r.result("first-invocation-ns"));
        spread("  baseline: pool built", baseline, r -> r.result("construct-ns"));
        spread("  baseline: connect and query", baseline, r -> r.result("first-invocation-ns"));
        double ratio = median(handler, Run::wallNanos) / median(baseline, Run::wallNanos);
        System.out.printf(Locale.ROOT, "%-44s %8s %8.2f%n", "ratio handler / baseline (median wall)", "", ratio);
        System.out.printf(Locale.ROOT, "cold-start target <= %.1f: %s%n", TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT met");

        Map<String, List<String>> handlerPhases = phases(handlerCensus);
        Map<String, List<String>> baselinePhases = phases(baselineCensus);
        System.out.println();
        System.out.printf(Locale.ROOT, "classes loaded (-Xlog:class+load)       %12s %12s %12s%n", "JVM start", "construct",
                "1st call");
        System.out.printf(Locale.ROOT, "%-40s %12d %12d %12d%n", "handler", handlerPhases.get("start").size(),
                handlerPhases.get("construct").size(), handlerPhases.get("invoke").size());
        System.out.printf(Locale.ROOT, "%-40s %12d %12d %12d%n", "baseline", baselinePhases.get("start").size(),
                baselinePhases.get("construct").size(), baselinePhases.get("invoke").size());
        long jarClasses;
        try (JarFile jar = new JarFile(lambdaJar.toFile())) {
            jarClasses = jar.stream().filter(e -> e.getName().endsWith(".class")).count();
        }
        System.out.printf(Locale.ROOT, "artifact %s: %.1f MiB, %d classes%n", lambdaJar.getFileName(),
                Files.size(lambdaJar) / (1024.0 * 1024.0), jarClasses);
        System.out.println("handler, classes loaded while constructing and on the first call, by package (top 15):");
        List<String> loaded = new ArrayList<>(handlerPhases.get("construct"));
        loaded.addAll(handlerPhases.get("invoke"));
        Map<String, Long> byGroup = loaded.stream().collect(Collectors.groupingBy(ColdStartBenchmark::group, Collectors.counting()));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey()));
    }

    private static void spread(String label, List<Run> runs, java.util.function.ToLongFunction<Run> value) {
        long[] sorted = runs.stream().mapToLong(value).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-44s %8.0f %8.0f %8.0f%n", label, sorted[0] / 1e6, median(sorted) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static double median(List<Run> runs, java.util.function.ToLongFunction<Run> value) {
        return median(runs.stream().mapToLong(value).sorted().toArray());
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** The classes of each phase ({@code start}: before the probe's first marker), from the class-load log. */
    private static Map<String, List<String>> phases(Run census) {
        Map<String, List<String>> phases = new LinkedHashMap<>();
        for (String phase : List.of("start", "construct", "invoke", "done")) {
            phases.put(phase, new ArrayList<>());
        }
        String phase = "start";
        for (String line : census.stdout()) {
            if (line.startsWith(MARKER)) {
                phase = line.substring(MARKER.length()).trim();
            } else if (line.contains("[class,load]")) {
                // [0.012s][info][class,load] java.lang.Object source: shared objects file
                String rest = line.substring(line.indexOf("[class,load]") + "[class,load]".length()).trim();
                int space = rest.indexOf(' ');
                phases.get(phase).add(space < 0 ? rest : rest.substring(0, space));
            }
        }
        return phases;
    }

    /** A class's library, roughly: the JDK by its first two name parts, everything else by three. */
    private static String group(String className) {
        String[] parts = className.split("\\.");
        boolean jdk = parts[0].equals("java") || parts[0].equals("javax") || parts[0].equals("jdk")
                || parts[0].equals("sun") || (parts[0].equals("com") && parts.length > 1 && parts[1].equals("sun"));
        int keep = Math.min(parts.length - 1, jdk ? 2 : 3);
        String prefix = String.join(".", Arrays.copyOf(parts, Math.max(1, keep)));
        return jdk ? "JDK " + prefix : prefix;
    }


    /** The probes' class files (and their nested classes), out of this benchmark's jar or class folder. */
    private static Path copyProbes(Path into) throws IOException, URISyntaxException {
        String folder = ColdStartBenchmark.class.getPackageName().replace('.', '/') + "/";
        List<String> prefixes = List.of(folder + HandlerProbe.class.getSimpleName(), folder + BaselineProbe.class.getSimpleName());
        Path source = Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(into.resolve(folder));
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(folder))) {
                for (Path file : files.toList()) {
                    String name = folder + file.getFileName();
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        Files.copy(file, into.resolve(name));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry entry : jar.stream().filter(e -> prefixes.stream().anyMatch(e.getName()::startsWith)).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, into.resolve(entry.getName()));
                    }
                }
            }
        }
        return into;
    }

    private static InputStream resource(String name) {
        InputStream in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return in;
    }

    private static void requireFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("not found: " + path + " (" + what + "); run the build command of "
                    + "benchmarks/README.md from the repository root, or pass --lambda-jar= / --baseline-lib=");
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder: the system cleans it eventually
        }
    }

    private static void progress(String message) {
        System.out.println("[bench] " + message);
    }
}
