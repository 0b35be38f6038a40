package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import graph of the compiled modules, read with the JDK's {@code jdeps} from the class files on this
 * module's test class path (each module's jar or classes folder): technology stays out of {@code core}, ports
 * name no adapter, modules depend downwards only, and no two packages depend on each other, directly or round
 * a cycle. Class files, not source imports: an import used only in javadoc is no dependency.
 */
class ImportGraphTest {
    /** What {@code core} must never reach: JDBC, the pool and the driver, Flyway, the AWS SDK and the Lambda runtime. */
    static final List<String> TECHNOLOGY = List.of("java.sql", "javax.sql", "software.amazon.awssdk", "com.zaxxer",
            "org.postgresql", "org.flywaydb", "com.amazonaws.services.lambda");

    /**
     * Each module's layer: a module may depend only on modules of a lower layer (so never upwards, nor sideways:
     * the SQS adapter knows nothing of the Cognito one). A new module fails the test until it gets a layer here.
     */
    static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("core", 0),
            Map.entry("api/library", 1),
            Map.entry("postgres", 1),
            Map.entry("aws/clients", 1),
            Map.entry("aws/metrics", 1),
            Map.entry("schema", 2),
            Map.entry("aws/sqs", 2),
            Map.entry("aws/eventbridge", 2),
            Map.entry("aws/cognito", 2),
            Map.entry("testing", 2),
            Map.entry("postgres (test-jar)", 3),
            Map.entry("triggers", 3),
            Map.entry("consumers", 3),
            Map.entry("api/function", 3),
            Map.entry("tools", 4),
            Map.entry("benchmarks", 4));

    /**
     * The one technology package the authorization library may use: the Lambda event types it reads the API Gateway
     * events from. No JDBC, AWS SDK or Lambda runtime beyond them, so any Java Lambda behind API Gateway can take it.
     */
    static final String API_MAY_USE = "com.amazonaws.services.lambda.runtime.events";

    /** Test support is reachable from everything that tests; it may itself reach only these. */
    static final Set<String> TESTING_MAY_USE = Set.of("core", "aws/clients");

    private static Map<String, Path> modules;
    /** Module → the class dependencies of its classes, same-package ones left out. */
    private static Map<String, List<Dependency>> dependencies;
    /** io.cognitosuite package → the module holding it. */
    private static Map<String, String> owners;

    /** One class's use of another, as jdeps reports it. */
    record Dependency(String fromClass, String toClass) {
        String from() {
            return packageOf(fromClass);
        }

        String to() {
            return packageOf(toClass);
        }

        private static String packageOf(String type) {
            int dot = type.lastIndexOf('.');
            return dot < 0 ? "" : type.substring(0, dot);
        }

        /**
         * A Lambda handler's no-arg constructor calling its module's composition root ({@link #COMPOSITION_ROOTS}),
         * which in turn builds the handler package's service: the one edge against the grain that STYLE.md's
         * two-constructor habit asks for. It is left out of the cycle check; every other edge counts.
         */
        boolean isHandlerReachingItsCompositionRoot() {
            return fromClass.endsWith("Handler") && COMPOSITION_ROOTS.contains(toClass);
        }

        @Override
        public String toString() {
            return fromClass + " -> " + toClass;
        }
    }

    /** What the handlers' no-arg constructors call to get the production object graph, one per deployable module. */
    static final Set<String> COMPOSITION_ROOTS = Set.of(
            "io.cognitosuite.triggers.internal.TriggerComponents",
            "io.cognitosuite.consumers.DeployedConsumers",
            "io.cognitosuite.api.function.internal.ApiComponents");

    @BeforeAll
    static void readTheGraph() {
        modules = modulesOnTheClassPath();
        dependencies = new TreeMap<>();
        owners = new TreeMap<>();
        modules.forEach((module, code) -> {
            List<Dependency> found = jdeps(code, module.endsWith("(test-jar)"));
            dependencies.put(module, found);
            found.stream().map(Dependency::from).filter(p -> p.startsWith("io.cognitosuite"))
                    .forEach(p -> owners.putIfAbsent(p, module));
        });
    }

    /**
     * This project's modules among the class path entries: {@code <module>/target/classes} or
     * {@code <module>/target/<artifact>.jar} below the repository root, named by their folder.
     */
    private static Map<String, Path> modulesOnTheClassPath() {
        Path repository = Path.of(System.getProperty("cognito-suite.repository")).toAbsolutePath().normalize();
        Map<String, Path> found = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            // Resource-only modules (events, lambda-logging) hold no class to read.
            if (!path.startsWith(repository) || !holdsClasses(path)) {
                continue;
            }
            Path relative = repository.relativize(path);
            int target = indexOf(relative, "target");
            if (target < 1) {
                continue;
            }
            String module = relative.subpath(0, target).toString().replace(File.separatorChar, '/');
            if (module.equals("deploy")) {
                continue; // this module: contract tests only
            }
            String file = relative.getFileName().toString();
            boolean testJar = file.endsWith("-tests.jar") || file.equals("test-classes");
            found.put(testJar ? module + " (test-jar)" : module, path);
        }
        return found;
    }

    private static boolean holdsClasses(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var files = Files.walk(path)) {
                    return files.anyMatch(f -> f.toString().endsWith(".class"));
                }
            }
            try (var zip = new java.util.zip.ZipFile(path.toFile())) {
                return zip.stream().anyMatch(e -> e.getName().endsWith(".class"));
            }
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int indexOf(Path path, String name) {
        for (int i = 0; i < path.getNameCount(); i++) {
            if (path.getName(i).toString().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code jdeps -verbose:class} of one jar or classes folder ("   from.Class -> to.Class   location" lines, uses
     * within one package left out). Of a test-jar only its {@code *.testing} fixture packages count: its test
     * classes live in the packages they test and are no part of the graph.
     */
    private static List<Dependency> jdeps(Path code, boolean testJar) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "-verbose:class", "-filter:package", code.toString());
        assertThat(exit).as("jdeps %s: %s", code, err.toString(StandardCharsets.UTF_8)).isZero();
        List<Dependency> found = new ArrayList<>();
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("   ")).forEach(line -> {
            String[] parts = line.strip().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->")) {
                Dependency dependency = new Dependency(parts[0], parts[2]);
                if (!testJar || dependency.from().endsWith(".testing")) {
                    found.add(dependency);
                }
            }
        });
        return found;
    }

    private static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    private static List<Dependency> all() {
        return dependencies.values().stream().flatMap(List::stream).toList();
    }

    @Test
    void theGraph_coversEveryModuleThatHoldsCode() {
        assertThat(modules.keySet()).contains("core", "api/library", "api/function", "postgres", "schema", "aws/clients", "aws/sqs", "aws/eventbridge",
                "aws/cognito", "aws/metrics", "testing", "postgres (test-jar)", "triggers", "consumers", "tools", "benchmarks");
        assertThat(all()).as("jdeps found dependencies").anyMatch(d -> d.from().startsWith("io.cognitosuite.core"));
        assertThat(LAYERS.keySet()).as("modules without a layer").containsAll(modules.keySet());
    }

    @Test
    void core_usesNoJdbcPoolDriverFlywayAwsSdkOrLambdaRuntime() {
        List<Dependency> technology = all().stream()
                .filter(d -> within(d.from(), "io.cognitosuite.core"))
                .filter(d -> TECHNOLOGY.stream().anyMatch(t -> within(d.to(), t)))
                .toList();

        assertThat(technology).as("core must stay free of technology").isEmpty();
    }

    @Test
    void api_usesNoTechnologyPackage_exceptTheLambdaEventTypes() {
        List<Dependency> technology = dependencies.getOrDefault("api/library", List.of()).stream()
                .filter(d -> TECHNOLOGY.stream().anyMatch(t -> within(d.to(), t)))
                .filter(d -> !within(d.to(), API_MAY_USE))
                .toList();

        assertThat(technology).as("the authorization library reads API Gateway events and nothing else of AWS")
                .isEmpty();
    }

    @Test
    void ports_nameNoAdapterPackage() {
        List<Dependency> adapters = all().stream()
                .filter(d -> within(d.from(), "io.cognitosuite.core.port"))
                .filter(d -> within(d.to(), "io.cognitosuite") && !within(d.to(), "io.cognitosuite.core")
                        // Logging context and redaction: how adapters observe, not what a port means.
                        || within(d.to(), "io.cognitosuite.core.observability"))
                .toList();

        assertThat(adapters).as("ports depend on domain terms only").isEmpty();
    }

    @Test
    void awsClients_buildsClientsOfNoParticularService() {
        List<Dependency> services = dependencies.getOrDefault("aws/clients", List.of()).stream()
                .filter(d -> within(d.to(), "software.amazon.awssdk.services"))
                .toList();

        assertThat(services).as("aws/clients configures any builder; each service has its own module").isEmpty();
    }

    @Test
    void modules_dependOnLowerLayersOnly() {
        List<String> upwards = new ArrayList<>();
        dependencies.forEach((module, found) -> {
            for (Dependency d : found) {
                String target = owners.get(d.to());
                if (target == null || target.equals(module)) {
                    continue;
                }
                boolean allowed = module.equals("testing") ? TESTING_MAY_USE.contains(target)
                        : LAYERS.get(target) < LAYERS.get(module);
                if (!allowed) {
                    upwards.add(module + " (layer " + LAYERS.get(module) + ") -> " + target + " (layer "
                            + LAYERS.get(target) + "): " + d);
                }
            }
        });

        assertThat(upwards).as("dependencies up or across the layers").isEmpty();
    }

    @Test
    void packages_formNoCycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Dependency d : all()) {
            if (d.from().startsWith("io.cognitosuite") && d.to().startsWith("io.cognitosuite")
                    && !d.isHandlerReachingItsCompositionRoot()) {
                graph.computeIfAbsent(d.from(), k -> new TreeSet<>()).add(d.to());
            }
        }

        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void onlyAHandlersEdgeToItsCompositionRoot_isLeftOutOfTheCycleCheck() {
        assertThat(new Dependency("io.cognitosuite.triggers.presignup.PreSignUpHandler",
                "io.cognitosuite.triggers.internal.TriggerComponents").isHandlerReachingItsCompositionRoot()).isTrue();
        assertThat(new Dependency("io.cognitosuite.triggers.presignup.PreSignUpService",
                "io.cognitosuite.triggers.internal.TriggerComponents").isHandlerReachingItsCompositionRoot()).isFalse();
        assertThat(new Dependency("io.cognitosuite.triggers.presignup.PreSignUpHandler",
                "io.cognitosuite.triggers.internal.PreTokenSettings").isHandlerReachingItsCompositionRoot()).isFalse();
        assertThat(new Dependency("io.cognitosuite.consumers.relay.OutboxRelayHandler",
                "io.cognitosuite.consumers.DeployedConsumers").isHandlerReachingItsCompositionRoot()).isTrue();
        assertThat(new Dependency("io.cognitosuite.consumers.relay.OutboxRelay",
                "io.cognitosuite.consumers.ConsumerComponents").isHandlerReachingItsCompositionRoot()).isFalse();
    }

    @Test
    void cycleDetection_findsACycle_whenThereIsOne() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
    }

    /** The strongly connected components with more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> found = new ArrayList<>();
        Map<String, Set<String>> sorted = new LinkedHashMap<>(new TreeMap<>(graph));
        for (String node : sorted.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                component.sort(null);
                found.add(component);
            }
        }
    }
}
