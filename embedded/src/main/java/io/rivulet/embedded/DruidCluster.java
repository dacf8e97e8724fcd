package io.rivulet.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small real Apache Druid: ZooKeeper, a coordinator that is also the overlord, a broker, a historical and an
 * indexer, each a child JVM started from the jars {@code embedded/druid-dist} copies into its target folder. Derby
 * metadata and local deep storage under a fresh work folder; every setting is a system property, so no config file
 * is needed. About 40 s and 1.5 GB to come up on two cores.
 * <p>Over 300 lines on purpose: five processes started in order with their settings, and the few API calls (tasks,
 * supervisors, SQL) that only make sense against a cluster started here.
 */
public final class DruidCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DruidCluster.class);
    public static final String LIB_PROPERTY = "rivulet.druid.lib";
    /** The one extension loaded: Druid's Kafka ingestion, for supervisor specs. */
    private static final String KAFKA_INDEXING = "druid-kafka-indexing-service";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> JAVA17_OPENS = List.of(
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private final Path dir;
    private final List<ChildJvm> processes = new ArrayList<>();
    /** How to start each service again on its port, for outages. */
    private final Map<String, Supplier<ChildJvm>> launchers = new HashMap<>();
    private final int coordinatorPort = Ports.free();
    private final int brokerPort = Ports.free();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private DruidCluster(Path dir) {
        this.dir = dir;
    }

    public static DruidCluster start() {
        long started = System.nanoTime();
        Path lib = lib();
        DruidCluster druid = new DruidCluster(WorkDirs.fresh("druid"));
        try {
            druid.launch(lib);
        } catch (RuntimeException | Error e) {
            druid.close();
            throw e;
        }
        log.info("Druid up in {} ms: coordinator/overlord {}, broker {} (work dir {})",
                (System.nanoTime() - started) / 1_000_000, druid.coordinator(), druid.broker(), druid.dir);
        return druid;
    }

    /** The jars: {@code rivulet.druid.lib}, or embedded/druid-dist/target/druid-lib above the working directory. */
    private static Path lib() {
        String configured = System.getProperty(LIB_PROPERTY);
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured);
        }
        for (Path here = Paths.get("").toAbsolutePath(); here != null; here = here.getParent()) {
            Path candidate = here.resolve("embedded/druid-dist/target/druid-lib");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No Druid jars: build them with `mvn -B -ntp package -pl embedded/druid-dist`"
                + " (or set -D" + LIB_PROPERTY + ")");
    }

    private void launch(Path lib) {
        String classPath = lib.toAbsolutePath() + "/*";
        int zookeeper = Ports.free();
        int derby = Ports.free();
        Path var = dir.resolve("var");
        processes.add(ChildJvm.start("org.apache.zookeeper.server.ZooKeeperServerMain", List.of("-Xmx128m",
                "-XX:+UseSerialGC"), List.of(Integer.toString(zookeeper), var.resolve("zk").toString()),
                log("zookeeper"), classPath));
        Waits.until("ZooKeeper on port " + zookeeper, START_TIMEOUT, () -> listening(zookeeper));
        List<String> common = new ArrayList<>(JAVA17_OPENS);
        common.addAll(List.of("-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=128m", "-Duser.timezone=UTC",
                "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=" + mkdirs(var.resolve("tmp")),
                "-Ddruid.host=localhost", "-Ddruid.zk.service.host=localhost:" + zookeeper,
                "-Ddruid.extensions.loadList=[\"" + KAFKA_INDEXING + "\"]",
                "-Ddruid.extensions.directory=" + extensions(lib),
                "-Ddruid.extensions.hadoopDependenciesDir=" + var.resolve("hadoop"),
                "-Ddruid.metadata.storage.type=derby",
                "-Ddruid.metadata.storage.connector.connectURI=jdbc:derby://localhost:" + derby + "/"
                        + var.resolve("metadata.db") + ";create=true",
                "-Ddruid.metadata.storage.connector.host=localhost",
                "-Ddruid.metadata.storage.connector.port=" + derby,
                "-Ddruid.storage.type=local", "-Ddruid.storage.storageDirectory=" + var.resolve("segments"),
                "-Ddruid.indexer.logs.type=file", "-Ddruid.indexer.logs.directory=" + var.resolve("task-logs"),
                "-Ddruid.selectors.indexing.serviceName=druid/overlord",
                "-Ddruid.selectors.coordinator.serviceName=druid/coordinator",
                "-Ddruid.processing.buffer.sizeBytes=33554432", "-Ddruid.processing.numThreads=1",
                "-Ddruid.processing.numMergeBuffers=1", "-Ddruid.server.http.numThreads=12", "-Ddruid.emitter=noop",
                "-Ddruid.startup.logging.logProperties=false", "-Ddruid.lookup.enableLookupSyncOnStartup=false"));
        int historicalPort = Ports.free();
        int indexerPort = Ports.free();
        service("coordinator", "-Xmx512m", common, coordinatorPort, List.of(
                "-Ddruid.coordinator.asOverlord.enabled=true",
                "-Ddruid.coordinator.asOverlord.overlordService=druid/overlord",
                "-Ddruid.indexer.queue.startDelay=PT1S", "-Ddruid.coordinator.startDelay=PT1S",
                "-Ddruid.coordinator.period=PT2S", "-Ddruid.indexer.runner.type=httpRemote",
                // A new segment is loaded once the coordinator has read it from the metadata store, every minute
                // by default: a written chunk took about a minute to become queryable.
                "-Ddruid.manager.segments.pollDuration=PT2S",
                "-Ddruid.indexer.storage.type=metadata"), classPath);
        service("broker", "-Xmx384m", common, brokerPort, List.of("-Ddruid.sql.enable=true",
                "-Ddruid.broker.cache.useCache=false", "-Ddruid.broker.cache.populateCache=false"), classPath);
        service("historical", "-Xmx384m", common, historicalPort, List.of(
                "-Ddruid.segmentCache.locations=[{\"path\":\"" + var.resolve("segment-cache") + "\","
                        + "\"maxSize\":\"1g\"}]", "-Ddruid.server.maxSize=1000000000"), classPath);
        // Capacity for a few long-running Kafka ingestion tasks beside the sinks' batch tasks.
        service("indexer", "-Xmx768m", common, indexerPort, List.of("-Ddruid.worker.capacity=6",
                "-Ddruid.indexer.task.baseTaskDir=" + var.resolve("tasks"),
                "-Ddruid.indexer.task.restoreTasksOnRestart=false"), classPath);
        for (int port : List.of(coordinatorPort, brokerPort, historicalPort, indexerPort)) {
            Waits.until("Druid on port " + port + " to be healthy", START_TIMEOUT,
                    () -> get(URI.create("http://localhost:" + port + "/status/health")).equals("true"));
        }
    }

    /** druid-extensions beside druid-lib, where embedded/druid-dist puts each extension in a folder of its own. */
    private static Path extensions(Path lib) {
        Path extensions = lib.toAbsolutePath().getParent().resolve("druid-extensions");
        if (!Files.isDirectory(extensions.resolve(KAFKA_INDEXING))) {
            throw new IllegalStateException("No " + KAFKA_INDEXING + " in " + extensions + ": build it with "
                    + "`mvn -B -ntp package -pl embedded/druid-dist`");
        }
        return extensions;
    }

    private void service(String name, String heap, List<String> common, int port, List<String> own,
                         String classPath) {
        List<String> options = new ArrayList<>(List.of(heap));
        options.addAll(common);
        options.add("-Ddruid.service=druid/" + name);
        options.add("-Ddruid.plaintextPort=" + port);
        options.addAll(own);
        launchers.put(name, () -> ChildJvm.start("org.apache.druid.cli.Main", options, List.of("server", name),
                log(name), classPath));
        processes.add(launchers.get(name).get());
    }

    /**
     * A real outage of the coordinator, which is also the overlord (where the Druid sink submits its tasks): the
     * process stops, so its port refuses connections until {@link #startCoordinatorAgain()}.
     */
    public synchronized void stopCoordinator() {
        ChildJvm coordinator = processes.stream().filter(p -> p.logFile().endsWith("coordinator.log"))
                .findFirst().orElseThrow();
        coordinator.kill();
        processes.remove(coordinator);
        Waits.until("the coordinator to stop", START_TIMEOUT, () -> !listening(coordinatorPort));
    }

    /** Starts the coordinator again on its port and waits until it is healthy. */
    public synchronized void startCoordinatorAgain() {
        processes.add(launchers.get("coordinator").get());
        Waits.until("the coordinator to be healthy again", START_TIMEOUT,
                () -> get(URI.create("http://localhost:" + coordinatorPort + "/status/health")).equals("true"));
    }

    private Path log(String name) {
        return mkdirs(dir.resolve("logs")).resolve(name + ".log");
    }

    private static Path mkdirs(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The coordinator, which is also the overlord (tasks are submitted here). */
    public URI coordinator() {
        return URI.create("http://localhost:" + coordinatorPort);
    }

    /** The broker, which answers Druid SQL at /druid/v2/sql. */
    public URI broker() {
        return URI.create("http://localhost:" + brokerPort);
    }

    /** Submits a native ingestion task; returns its id. */
    public String submitTask(String spec) {
        return json(post(coordinator().resolve("/druid/indexer/v1/task"), spec)).get("task").asText();
    }

    /** Submits (or replaces) a Kafka supervisor spec; returns the supervisor's id (its datasource). */
    public String submitSupervisor(String spec) {
        return json(post(coordinator().resolve("/druid/indexer/v1/supervisor"), spec)).get("id").asText();
    }

    /** Stops a supervisor and its ingestion tasks. */
    public void terminateSupervisor(String id) {
        post(coordinator().resolve("/druid/indexer/v1/supervisor/" + id + "/terminate"), "");
    }

    /** Ids of tasks of the datasource that ended FAILED, newest first. */
    public List<String> failedTasks(String dataSource) {
        return completedTasks(dataSource, "FAILED");
    }

    /** Ids of the datasource's ended tasks with this status (SUCCESS or FAILED), newest first. */
    private List<String> completedTasks(String dataSource, String status) {
        List<String> ids = new ArrayList<>();
        for (JsonNode task : json(get(coordinator().resolve("/druid/indexer/v1/tasks?state=complete&datasource="
                + dataSource)))) {
            if (status.equals(task.path("status").asText())) {
                ids.add(task.path("id").asText());
            }
        }
        return ids;
    }

    /** A task's status report: status, errorMsg. */
    public JsonNode taskStatus(String taskId) {
        return json(get(coordinator().resolve("/druid/indexer/v1/task/" + taskId + "/status"))).get("status");
    }

    /** A task's report (row stats, unparseable rows), as Druid keeps it after the task ended. */
    public JsonNode taskReport(String taskId) {
        return json(get(coordinator().resolve("/druid/indexer/v1/task/" + taskId + "/reports")));
    }

    /** Waits for the task to end; returns its status (SUCCESS or FAILED) and error message, if any. */
    public JsonNode awaitTask(String taskId, Duration timeout) {
        return Waits.until("Druid task " + taskId, timeout, () -> json(get(coordinator().resolve(
                "/druid/indexer/v1/task/" + taskId + "/status"))).get("status"),
                status -> !status.get("status").asText().equals("RUNNING"));
    }

    /**
     * Waits until the coordinator reports the datasource's segments in the interval fully loaded and the broker's SQL
     * knows the datasource: the broker learns a new datasource's columns by a metadata query of its own, after the
     * historical has loaded the segment, and until then SQL answers "Object ... not found".
     */
    public void awaitLoaded(String dataSource, String interval, Duration timeout) {
        Waits.until(dataSource + " " + interval + " loaded", timeout, () -> get(coordinator().resolve(
                "/druid/coordinator/v1/datasources/" + dataSource + "/loadstatus?forceMetadataRefresh=true&interval="
                        + interval)), body -> body.contains("100.0"));
        Waits.until(dataSource + " known to the broker's SQL", timeout, () -> sql(
                "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid' AND TABLE_NAME = '"
                        + dataSource.replace("'", "''") + "'").get(0).get("n"), n -> ((Number) n).intValue() == 1);
    }

    /** How many ingestion tasks for the datasource have succeeded so far. */
    public int succeededTasks(String dataSource) {
        return completedTasks(dataSource, "SUCCESS").size();
    }

    /** Runs a Druid SQL query on the broker; rows as maps. */
    public List<Map<String, Object>> sql(String query) {
        try {
            return json.readValue(post(broker().resolve("/druid/v2/sql"),
                    json.writeValueAsString(Map.of("query", query))), new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode json(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Not JSON: " + body, e);
        }
    }

    private String get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String post(URI uri, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills every process at once: Druid's graceful stop takes long, and nothing here needs to survive. */
    @Override
    public void close() {
        processes.forEach(ChildJvm::kill);
        WorkDirs.deleteQuietly(dir);
        log.info("Druid stopped");
    }
}
