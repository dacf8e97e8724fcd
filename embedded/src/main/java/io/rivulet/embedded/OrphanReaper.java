package io.rivulet.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a record of the server processes a test JVM starts outside itself (PostgreSQL, redis-server), so that a
 * later run can stop those whose JVM died without shutting them down (killed by a timeout or SIGKILL).
 *
 * <p>Each record is a file {@code <jvm pid>-<server pid>} holding a marker that the server's command line must
 * contain; the marker keeps a reused pid of an unrelated process from being killed.
 */
public final class OrphanReaper {
    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);

    private final Path dir;

    public OrphanReaper(Path dir) {
        this.dir = dir;
    }

    /** The machine-wide record, shared by every checkout and every test JVM. */
    public static OrphanReaper shared() {
        return new OrphanReaper(Paths.get(System.getProperty("java.io.tmpdir"), "rivulet-testkit-pids"));
    }

    public void register(long serverPid, String commandMarker) {
        try {
            Files.createDirectories(dir);
            Files.writeString(file(ProcessHandle.current().pid(), serverPid), commandMarker, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Cannot record server pid {} under {}", serverPid, dir, e);
        }
    }

    public void unregister(long serverPid) {
        try {
            Files.deleteIfExists(file(ProcessHandle.current().pid(), serverPid));
        } catch (IOException e) {
            log.warn("Cannot remove the record of server pid {}", serverPid, e);
        }
    }

    /** Kills recorded servers whose JVM is gone; returns their pids. */
    public List<Long> reap() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(this::reapOne).flatMap(Optional::stream).collect(Collectors.toList());
        } catch (IOException e) {
            log.warn("Cannot read server records under {}", dir, e);
            return List.of();
        }
    }

    private Optional<Long> reapOne(Path record) {
        String[] pids = record.getFileName().toString().split("-");
        if (pids.length != 2) {
            return Optional.empty();
        }
        try {
            long owner = Long.parseLong(pids[0]);
            long server = Long.parseLong(pids[1]);
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            String marker = Files.readString(record, StandardCharsets.UTF_8);
            Optional<ProcessHandle> orphan = ProcessHandle.of(server).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(marker));
            Files.deleteIfExists(record);
            orphan.ifPresent(p -> {
                log.warn("Stopping {} (pid {}) left behind by test JVM {}", marker, server, owner);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            return orphan.map(ProcessHandle::pid);
        } catch (NumberFormatException | IOException e) {
            return Optional.empty();
        }
    }

    private Path file(long owner, long server) {
        return dir.resolve(owner + "-" + server);
    }
}
