package io.rivulet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A distributed Connect worker in a child JVM, started with {@code ConnectDistributed} and a properties file as an
 * operator starts one, on the test's class path. {@link #kill()} ends it with SIGKILL.
 */
final class ForkedWorker extends ConnectCluster.Worker {
    private static final String HEAP = "-Xmx512m";

    private final Process process;
    private final Path logFile;

    private ForkedWorker(URI url, Process process, Path logFile) {
        super(url);
        this.process = process;
        this.logFile = logFile;
    }

    static ForkedWorker start(Map<String, String> workerProps) {
        Path dir = WorkDirs.fresh("connect-worker");
        int port = Ports.free();
        Properties props = new Properties();
        props.putAll(workerProps);
        props.put("listeners", "http://localhost:" + port);
        Path config = dir.resolve("worker.properties");
        Path logFile = dir.resolve("worker.log");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "rivulet forked test worker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC",
                "-Drivulet.work.dir=" + dir, "-cp", classPath, "org.apache.kafka.connect.cli.ConnectDistributed",
                config.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            OrphanReaper.shared().register(process.pid(), "ConnectDistributed");
            return new ForkedWorker(URI.create("http://localhost:" + port + "/"), process, logFile);
        } catch (IOException e) {
            throw new ServerStartException("Connect worker (child JVM)", port, logFile, e.getMessage(), e);
        }
    }

    /** Where the worker logs (its log4j file); stdout and stderr go to worker.log beside it. */
    Path logFile() {
        return logFile.resolveSibling("servers.log");
    }

    @Override
    void stopWorker() {
        process.destroy(); // SIGTERM: Connect's shutdown hook stops the worker cleanly
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        OrphanReaper.shared().unregister(process.pid());
    }

    @Override
    public void kill() {
        markKilled();
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OrphanReaper.shared().unregister(process.pid());
    }
}
