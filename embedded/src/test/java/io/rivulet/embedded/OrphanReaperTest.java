package io.rivulet.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanReaperTest {
    @TempDir
    Path records;

    /** A pid that belongs to no live process: one of a process that has exited. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        return gone.pid();
    }

    @Test
    void killsAServerWhoseTestJvmIsGone() throws Exception {
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(records.resolve(deadPid() + "-" + server.pid()), "sleep", StandardCharsets.UTF_8);
            List<Long> reaped = new OrphanReaper(records).reap();
            assertEquals(List.of(server.pid()), reaped);
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the orphan was stopped");
            assertFalse(Files.list(records).findAny().isPresent(), "its record is gone");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void leavesServersOfLiveJvmsAndUnrelatedProcessesAlone() throws Exception {
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            OrphanReaper reaper = new OrphanReaper(records);
            reaper.register(server.pid(), "sleep"); // owned by this live JVM
            Files.writeString(records.resolve(deadPid() + "-" + server.pid()), "redis-server", StandardCharsets.UTF_8);
            assertEquals(List.of(), reaper.reap(), "live owner, and a marker that does not match the command");
            assertTrue(server.isAlive());
            reaper.unregister(server.pid());
        } finally {
            server.destroyForcibly();
        }
    }
}
