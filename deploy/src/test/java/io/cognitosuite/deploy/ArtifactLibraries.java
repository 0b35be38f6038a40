package io.cognitosuite.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The libraries shaded into a Lambda artifact, as its build lists them in {@code target/lambda-dependencies.txt}
 * (maven-dependency-plugin {@code list}, configured in {@code deploy/lambda-parent}), each with the classes its
 * own jar holds: the way back from a class the artifact loaded to the library that brought it.
 */
final class ArtifactLibraries {
    static final String LIST = "lambda-dependencies.txt";
    private static final java.util.regex.Pattern ANSI_ESCAPE = java.util.regex.Pattern.compile("\u001B\\[[;\\d]*m");

    /** One library: {@code groupId:artifactId}, and the binary names of its classes. */
    record Library(String name, Set<String> classes) {
    }

    private ArtifactLibraries() {
    }

    /** The libraries of the artifact {@code jar}, read from the list its build left beside it. */
    static List<Library> of(Path jar) throws IOException {
        Path list = jar.resolveSibling(LIST);
        if (!Files.isRegularFile(list)) {
            throw new IllegalStateException(list + " is missing: build the artifact with its module's pom (package)");
        }
        List<Library> libraries = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            // "   group:artifact:jar:version:scope:/path/to/file.jar -- module name"
            // Maven colours the list when its output is styled (e.g. with CI=true): the escapes are not part of it.
            String entry = ANSI_ESCAPE.matcher(line).replaceAll("").strip();
            int module = entry.indexOf(" -- ");
            if (module > 0) {
                entry = entry.substring(0, module);
            }
            String[] parts = entry.split(":", 6);
            if (parts.length < 6) {
                continue; // the heading and blank lines
            }
            libraries.add(new Library(parts[0] + ":" + parts[1], classesOf(Path.of(parts[5]))));
        }
        if (libraries.isEmpty()) {
            throw new IllegalStateException(list + " names no library");
        }
        return libraries;
    }

    /** Class name → the library holding it (the first, should two hold the same class). */
    static Map<String, String> byClass(List<Library> libraries) {
        Map<String, String> owners = new TreeMap<>();
        for (Library library : libraries) {
            library.classes().forEach(c -> owners.putIfAbsent(c, library.name()));
        }
        return owners;
    }

    private static Set<String> classesOf(Path file) throws IOException {
        Set<String> classes = new TreeSet<>();
        if (Files.isDirectory(file)) {
            try (Stream<Path> files = Files.walk(file)) {
                files.map(f -> file.relativize(f).toString().replace('\\', '/')).forEach(name -> addClass(name, classes));
            }
        } else {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                zip.stream().map(ZipEntry::getName).forEach(name -> addClass(name, classes));
            }
        }
        return classes;
    }

    private static void addClass(String entry, Set<String> classes) {
        // Lambda runs the unpacked jar from a folder, where the JVM never reads META-INF/versions/.
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
                && !entry.endsWith("package-info.class")) {
            classes.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
    }
}
