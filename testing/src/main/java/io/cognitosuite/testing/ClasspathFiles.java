package io.cognitosuite.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Lists and reads files under a classpath folder, whether it lies in a directory or a jar. */
public final class ClasspathFiles {
    private ClasspathFiles() {
    }

    /** File names (not paths) directly under the folder, sorted. */
    public static List<String> list(String folder) {
        URL url = ClasspathFiles.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalArgumentException("no classpath folder " + folder);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return names(fs.getPath(folder));
                }
            }
            return names(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole file as UTF-8 text. */
    public static String read(String path) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath file " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
        }
    }
}
