package io.rivulet.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A distributed Connect worker in a child JVM, started with {@code ConnectDistributed} and a properties file as an
 * operator starts one, on the test's class path. {@link #kill()} ends it with SIGKILL.
 */
final class ForkedWorker extends ConnectCluster.Worker {
    /** A small heap and the serial collector: several workers and a broker share a test machine's two cores. */
    static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC");

    private final ChildJvm process;
    private final Path logFile;

    private ForkedWorker(URI url, ChildJvm process, Path logFile) {
        super(url);
        this.process = process;
        this.logFile = logFile;
    }

    static ForkedWorker start(Map<String, String> workerProps, List<String> jvmOptions) {
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
        try {
            List<String> options = new java.util.ArrayList<>(jvmOptions);
            options.add("-Drivulet.work.dir=" + dir);
            ChildJvm process = ChildJvm.start("org.apache.kafka.connect.cli.ConnectDistributed", options,
                    List.of(config.toString()), logFile);
            return new ForkedWorker(URI.create("http://localhost:" + port + "/"), process, logFile);
        } catch (UncheckedIOException e) {
            throw new ServerStartException("Connect worker (child JVM)", port, logFile, e.getMessage(), e);
        }
    }

    /** Where the worker logs (its log4j file); stdout and stderr go to worker.log beside it. */
    Path logFile() {
        return logFile.resolveSibling("servers.log");
    }

    @Override
    void stopWorker() {
        process.stop(); // SIGTERM: Connect's shutdown hook stops the worker cleanly
    }

    @Override
    public void kill() {
        markKilled();
        process.kill();
    }
}
