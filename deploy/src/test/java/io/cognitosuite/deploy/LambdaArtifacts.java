package io.cognitosuite.deploy;

import io.cognitosuite.deploy.probe.ArtifactProbe;
import io.cognitosuite.deploy.template.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built Lambda artifacts as template.yaml names them, and a way to run code from them in a child JVM. */
final class LambdaArtifacts {
    private LambdaArtifacts() {
    }

    /** CodeUri → handler classes of the functions deployed from it. */
    static Map<Path, List<String>> handlersByArtifact(Template template) {
        Map<Path, List<String>> byArtifact = new TreeMap<>();
        for (String function : template.functions()) {
            byArtifact.computeIfAbsent(template.codeUri(function), k -> new ArrayList<>()).add(template.handlerClass(function));
        }
        byArtifact.replaceAll((k, v) -> List.copyOf(new TreeSet<>(v)));
        return byArtifact;
    }

    static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    static String entryText(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** A folder holding only the probe's classes, so that the child sees nothing of this module. */
    static Path probeClasses(Path into) throws IOException {
        Path testClasses;
        try {
            testClasses = Path.of(ArtifactProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String packagePath = ArtifactProbe.class.getPackageName().replace('.', '/');
        Path source = testClasses.resolve(packagePath);
        Path target = into.resolve(packagePath);
        Files.createDirectories(target);
        try (Stream<Path> classes = Files.list(source)) {
            for (Path file : classes.filter(f -> f.toString().endsWith(".class")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return into;
    }

    /** What a child JVM printed. */
    record Run(int exitCode, String stdout, String stderr) {
        List<String> probeLines() {
            return stdout.lines().filter(l -> l.startsWith("PROBE ")).map(l -> l.substring("PROBE ".length())).toList();
        }
    }

    /** What Lambda gives every function, with credentials that could never reach AWS (a new, modifiable map). */
    static java.util.Map<String, String> lambdaEnvironment() {
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0");
        environment.put("AWS_SECRET_ACCESS_KEY", "probe-secret");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("LOG_LEVEL", "INFO");
        return environment;
    }

    /**
     * Runs the probe in a fresh JVM with only the given class path and environment (nothing inherited, so a
     * developer's AWS or database variables cannot leak in).
     */
    static Run probe(List<Path> classPath, Map<String, String> environment, String stdin, String... args) {
        return probe(List.of(), classPath, environment, stdin, args);
    }

    /** As {@link #probe(List, Map, String, String...)}, with more options for the child JVM. */
    static Run probe(List<String> jvmOptions, List<Path> classPath, Map<String, String> environment, String stdin,
                     String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(ArtifactProbe.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the probe did not end within 90 s: " + command);
            }
            return new Run(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JVM option that makes a child write one line per loaded class ("name source: origin") into the file. */
    static String classLoadLog(Path file) {
        return "-Xlog:class+load=info:file=" + file + ":none";
    }

    /**
     * The classes a child loaded from {@code folder} (the unpacked artifact), read from its {@link #classLoadLog}:
     * not the JDK's, not the probe's, not classes the JVM generates at run time (lambdas, proxies).
     */
    static Set<String> classesLoadedFrom(Path log, Path folder) throws IOException {
        // The JVM names a class folder "file:/abs/path/" (one slash, a trailing one), not as Path.toUri() does.
        String origin = "source: file:" + folder.toAbsolutePath() + "/";
        Set<String> loaded = new TreeSet<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(line -> {
                int at = line.indexOf(" source: ");
                if (at > 0 && line.startsWith(origin, at + 1)) {
                    loaded.add(line.substring(0, at));
                }
            });
        }
        return loaded;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
