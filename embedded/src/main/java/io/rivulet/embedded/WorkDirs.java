package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Fresh directories for server data and logs. They live under {@code rivulet.work.dir} (the build sets it to
 * {@code target/it-work}) so that a failed run leaves its logs where the build output is.
 */
public final class WorkDirs {
    public static final String WORK_DIR_PROPERTY = "rivulet.work.dir";

    private WorkDirs() {
    }

    public static Path root() {
        String configured = System.getProperty(WORK_DIR_PROPERTY);
        Path root = configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("java.io.tmpdir"), "rivulet-it");
        try {
            return Files.createDirectories(root.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create work directory " + root, e);
        }
    }

    /** A new, empty directory whose name starts with {@code prefix}. */
    public static Path fresh(String prefix) {
        try {
            return Files.createTempDirectory(root(), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory under " + root(), e);
        }
    }

    /** Deletes a directory tree; what cannot be deleted is left, as it only holds test data. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
