package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry with the Confluent-compatible REST API: Apicurio Registry (in-memory store) started from
 * its distribution as a child process. The distribution comes from Maven ({@code rivulet.registry.zip}, set by the
 * build) and is unpacked once per machine.
 *
 * <p>The child is started under {@code sh}, which kills it as soon as this JVM's end of its stdin closes, so that
 * even a JVM killed with SIGKILL leaves no registry behind.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    public static final String ZIP_PROPERTY = "rivulet.registry.zip";
    /** Apicurio's registry-backed Avro converter (packaged as a plugin by rivulet-embedded-avro-converter). */
    public static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String HEAP = "-Xmx384m";

    private final Path runnerJar;
    private final int port;
    private final Path dir;
    private final Path logFile;
    private final boolean durable;
    private Process process;

    private SchemaRegistryServer(Path runnerJar, int port, Path dir, boolean durable) {
        this.runnerJar = runnerJar;
        this.port = port;
        this.dir = dir;
        this.logFile = dir.resolve("registry.log");
        this.durable = durable;
    }

    /** A registry that keeps its schemas in memory: they are gone when it stops. */
    public static SchemaRegistryServer start() {
        return start(false);
    }

    /**
     * A registry that keeps its schemas (and their ids) in an H2 database file across {@link #stop()} and
     * {@link #restart()}, as a production registry keeps them in its store, for tests that restart it under load.
     */
    public static SchemaRegistryServer startDurable() {
        return start(true);
    }

    private static SchemaRegistryServer start(boolean durable) {
        SchemaRegistryServer server = new SchemaRegistryServer(unpack(distribution()), Ports.free(),
                WorkDirs.fresh("registry"), durable);
        server.launch();
        return server;
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.file.enable=false"));
        if (durable) {
            // Apicurio 2.x reads its SQL store from Quarkus' datasource; H2 in a file survives the process.
            command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dir.resolve("store").toAbsolutePath());
        }
        command.addAll(List.of("-jar", runnerJar.toString()));
        // sh runs the registry in the background and kills it when our end of the pipe closes (EOF on stdin).
        // Background jobs of a non-interactive shell read /dev/null, hence the copy of stdin on fd 3.
        String script = "exec 3<&0; \"$@\" </dev/null 3<&- & child=$!; "
                + "{ cat <&3 >/dev/null; kill $child 2>/dev/null; } & wait $child";
        List<String> shell = new ArrayList<>(List.of("sh", "-c", script, "registry"));
        shell.addAll(command);
        try {
            process = new ProcessBuilder(shell).directory(runnerJar.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new ServerStartException("Schema registry", port, logFile, "cannot run " + java, e);
        }
        Process running = process;
        try {
            SchemaRegistryClient client = client();
            Waits.until("the schema registry to answer on " + url(), READY_TIMEOUT, () -> {
                if (!running.isAlive()) {
                    throw new IllegalStateException("the registry process exited with " + running.exitValue());
                }
                return client.isReady();
            });
        } catch (AssertionError | RuntimeException e) {
            stop();
            throw new ServerStartException("Schema registry", port, logFile, e.getMessage(), e);
        }
        log.info("Schema registry {} up in {} ms (log: {})", url(), (System.nanoTime() - started) / 1_000_000,
                logFile);
    }

    private static Path distribution() {
        String configured = System.getProperty(ZIP_PROPERTY);
        if (configured == null) {
            throw new IllegalStateException("System property " + ZIP_PROPERTY + " is not set: run the tests with "
                    + "Maven (mvn verify), which resolves the registry distribution and sets it");
        }
        Path zip = Paths.get(configured);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("The registry distribution " + zip + " is missing: run mvn verify, "
                    + "which downloads it as a dependency of rivulet-testkit");
        }
        return zip;
    }

    /** Unpacks the distribution next to the temp dir once; later runs reuse it. Returns the runner jar. */
    private static synchronized Path unpack(Path zip) {
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path target = Paths.get(System.getProperty("java.io.tmpdir"), "rivulet-" + name);
        Path marker = target.resolve(".unpacked");
        try {
            if (!Files.exists(marker)) {
                Path staging = Files.createTempDirectory(target.getParent(), name + "-staging-");
                try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                    for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                        Path out = staging.resolve(entry.getName()).normalize();
                        if (!out.startsWith(staging)) {
                            throw new IOException("Zip entry outside the target: " + entry.getName());
                        }
                        if (entry.isDirectory()) {
                            Files.createDirectories(out);
                        } else {
                            Files.createDirectories(out.getParent());
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                Files.createFile(staging.resolve(".unpacked"));
                WorkDirs.deleteQuietly(target);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            try (var files = Files.list(target)) {
                return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow(() -> new IOException("No *-runner.jar in " + target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the registry distribution " + zip, e);
        }
    }

    public int port() {
        return port;
    }

    /** Base URL of the Confluent-compatible API, as Confluent clients take {@code schema.registry.url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7");
    }

    /** Base URL of Apicurio's own API, as its converter takes {@code apicurio.registry.url}. */
    public URI apicurioUrl() {
        return URI.create("http://127.0.0.1:" + port + "/apis/registry/v2");
    }

    /**
     * Apicurio's Avro converter on this registry, as the tests run it where users run Confluent's (same wire format:
     * magic byte, 4-byte id, Avro binary): {@code prefix} maps to the class and {@code prefix.apicurio.registry.*}
     * to its settings, e.g. {@code value.converter} for a connector.
     */
    public Map<String, String> avroConverter(String prefix) {
        return avroConverter(prefix, prefix + ".");
    }

    /**
     * As {@link #avroConverter(String)}, the class under {@code classKey} and the settings under
     * {@code settingsPrefix}, e.g. {@code converter.class} and {@code converter.} for the aggregator.
     */
    public Map<String, String> avroConverter(String classKey, String settingsPrefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(classKey, AVRO_CONVERTER);
        avroConverterSettings().forEach((key, value) -> settings.put(settingsPrefix + key, value));
        return settings;
    }

    /** The converter's own settings, as its {@code configure} takes them. */
    public Map<String, String> avroConverterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("apicurio.registry.url", apicurioUrl().toString());
        settings.put("apicurio.registry.auto-register", "true");
        settings.put("apicurio.registry.as-confluent", "true");
        settings.put("apicurio.registry.headers.enabled", "false"); // the id in the value, as Confluent's
        settings.put("apicurio.registry.use-id", "contentId");
        // Confluent's converter keeps a schema's id for the converter's life; Apicurio's re-checks every 30 s and,
        // unless told to keep the cached id, fails the record while the registry is away.
        settings.put("apicurio.registry.fault-tolerant-refresh", "true");
        return settings;
    }

    public SchemaRegistryClient client() {
        return new SchemaRegistryClient(url());
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the registry, e.g. to test what clients do while it is away. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close(); // the shell kills the registry on EOF
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                destroy(process);
            }
        } catch (IOException e) {
            destroy(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process);
        }
        process = null;
        log.info("Schema registry on port {} stopped", port);
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Starts a stopped registry again on the same port; a durable one has all its schemas under the same ids. */
    public synchronized void restart() {
        if (process == null) {
            launch();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
