package io.cognitosuite.triggers.postconfirmation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the sample events of the {@code events/} module from the classpath. */
final class EventFiles {
    private EventFiles() {
    }

    static String read(String path) {
        try (InputStream in = EventFiles.class.getClassLoader().getResourceAsStream("events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no event file events/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
