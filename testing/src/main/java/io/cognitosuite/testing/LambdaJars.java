package io.cognitosuite.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Lambda deployment packages as the Lambda runtime sees them. */
public final class LambdaJars {
    private LambdaJars() {
    }

    /**
     * Unpacks the jar into a folder, as Lambda unpacks a deployment package into {@code /var/task}; an entry that
     * would land outside the folder is refused.
     */
    public static Path unpack(Path jar, Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return into;
    }
}
