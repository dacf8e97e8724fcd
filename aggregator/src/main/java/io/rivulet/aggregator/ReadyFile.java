package io.rivulet.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that exists exactly while the application is ready (Kafka Streams RUNNING): what a readiness check without
 * an HTTP port can look at, e.g. Kubernetes' exec probe {@code test -f <file>}. Deleted at exit as well, so a
 * restarted container does not start out ready.
 */
final class ReadyFile {
    private static final ReadyFile NONE = new ReadyFile(null);
    private final Path path;

    private ReadyFile(Path path) {
        this.path = path;
    }

    /** The ready file at {@code path}; none when empty. */
    static ReadyFile of(String path) {
        if (path == null || path.isEmpty()) {
            return NONE;
        }
        ReadyFile file = new ReadyFile(Path.of(path));
        file.set(false); // left by an earlier run
        Runtime.getRuntime().addShutdownHook(new Thread(() -> file.set(false), "aggregator-ready-file"));
        return file;
    }

    void set(boolean ready) {
        if (path == null) {
            return;
        }
        try {
            if (ready) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                Files.writeString(path, "RUNNING\n");
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + (ready ? "write" : "delete") + " the ready file " + path, e);
        }
    }
}
