package io.rivulet.local.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.StreamsResetter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectorOffsets;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.local.LocalPipeline;
import io.rivulet.schemas.Topics;
import io.rivulet.simulator.Simulator;

/**
 * The whole pipeline, end to end, against the simulator's ground truth: the shop (fixed seed, about 100k events
 * with invalid, late and duplicate ones) -> HTTP source (pull and listen) with Validate and RedisEnrich -> topics ->
 * aggregator (exactly-once) -> JDBC sink -> PostgreSQL. Connectors are deployed, checked and replayed with the
 * connect-configs curl scripts against the worker. Every per-window number of every closed window in PostgreSQL
 * equals the ground truth; the .invalid topics hold exactly the invalid events; after re-running the aggregator from
 * the start of its input and replaying the sink with replay.sh, the tables are unchanged.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TABLES = List.of("sales_per_minute", "active_users_per_minute",
            "funnel_per_minute");

    private static LocalPipeline pipeline;
    private static List<Path> configs;
    private static Path truthFile;
    private static Map<String, String> beforeReplay;

    @BeforeAll
    static void start() {
        pipeline = new LocalPipeline(new LocalPipeline.Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 1800,
                20261127L, Duration.ofSeconds(48), false, ConnectConfigFiles.folder(), PluginInstaller.builtZips(),
                3));
        pipeline.startServices();
        configs = pipeline.writeConfigs();
        truthFile = WorkDirs.fresh("truth").resolve("ground-truth.json");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void theScriptsValidateDeployAndShowTheConnectors() throws Exception {
        // Nothing deployed yet: status names every connector of connect-configs/ as missing and fails.
        Scripts.Result none = Scripts.run(pipeline.connectUrl(), "status.sh");
        assertEquals(1, none.exitCode(), none.output());
        configs.forEach(c -> assertTrue(none.output().contains(name(c) + ": MISSING"), none.output()));

        Scripts.Result validated = Scripts.run(pipeline.connectUrl(), "validate.sh", configs.toArray());
        assertEquals(0, validated.exitCode(), validated.output());
        for (Path config : configs) {
            assertTrue(validated.output().contains(name(config) + ": valid"), validated.output());
        }
        Scripts.Result deployed = Scripts.run(pipeline.connectUrl(), "deploy.sh", configs.toArray());
        assertEquals(0, deployed.exitCode(), deployed.output());
        configs.forEach(c -> assertTrue(deployed.output().contains("created " + name(c)), deployed.output()));
        Scripts.Result again = Scripts.run(pipeline.connectUrl(), "deploy.sh", configs.toArray());
        configs.forEach(c -> assertTrue(again.output().contains("updated " + name(c)), again.output()));
        pipeline.awaitConnectorsRunning(configs);
        // Named: without names status.sh checks every file of connect-configs/, and this run leaves out Druid.
        Object[] deployedNames = configs.stream().map(PipelineIT::name).toArray();
        Scripts.Result status = Scripts.run(pipeline.connectUrl(), "status.sh", deployedNames);
        assertEquals(0, status.exitCode(), status.output());
        for (Path config : configs) {
            assertTrue(status.output().contains(name(config) + " (") && status.output().contains("RUNNING"),
                    status.output());
        }
        // A broken copy: validate names each bad field and fails; nothing is deployed from it.
        Path broken = WorkDirs.fresh("broken").resolve("broken-sink.json");
        writeBrokenSink(broken);
        Scripts.Result invalid = Scripts.run(pipeline.connectUrl(), "validate.sh", broken);
        assertEquals(1, invalid.exitCode(), invalid.output());
        assertTrue(invalid.output().contains("insert.mode:") && invalid.output().contains("batch.size:"),
                invalid.output());
        Path notJson = broken.resolveSibling("not-json.json");
        java.nio.file.Files.writeString(notJson, "{\"connector.class\": \"JdbcSinkConnector\",}");
        Scripts.Result unparsable = Scripts.run(pipeline.connectUrl(), "validate.sh", notJson);
        assertEquals(1, unparsable.exitCode(), unparsable.output());
        assertTrue(unparsable.output().contains(notJson + ": not valid JSON"), unparsable.output());

        // deploy tries every file: the good one after two bad ones is updated, and the summary says what failed.
        Path good = configs.get(0);
        Scripts.Result mixed = Scripts.run(pipeline.connectUrl(), "deploy.sh", notJson, broken, good);
        assertEquals(1, mixed.exitCode(), mixed.output());
        assertTrue(mixed.output().contains("failed not-json: " + notJson + ": not valid JSON")
                && mixed.output().contains("failed broken-sink:") && mixed.output().contains("  insert.mode:")
                && mixed.output().contains("updated " + name(good))
                && mixed.output().contains("summary: 0 created, 1 updated (" + name(good) + "), 2 failed "
                        + "(not-json broken-sink)"), mixed.output());

        // A paused connector is not a healthy pipeline.
        pipeline.connect().rest().pause(name(good));
        Waits.until(name(good) + " PAUSED", TIMEOUT, () -> pipeline.connect().rest().status(name(good)),
                now -> now.connectorIs("PAUSED") && !now.tasks().isEmpty()
                        && now.tasks().stream().allMatch(task -> task.state().equals("PAUSED")));
        Scripts.Result paused = Scripts.run(pipeline.connectUrl(), "status.sh", deployedNames);
        assertEquals(1, paused.exitCode(), paused.output());
        assertTrue(paused.output().contains(name(good) + " (") && paused.output().contains("PAUSED"),
                paused.output());

        // Offsets the worker refuses: replay puts the connector back as it was (PAUSED here) and says so.
        Path badOffsets = broken.resolveSibling("bad-offsets.json");
        java.nio.file.Files.writeString(badOffsets, "{\"offsets\":[{\"partition\":{\"no_such_key\":1},"
                + "\"offset\":{\"kafka_offset\":0}}]}");
        Scripts.Result refused = Scripts.run(pipeline.connectUrl(), "replay.sh", name(good), badOffsets);
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("offsets of " + name(good) + " unchanged; it is PAUSED again"),
                refused.output());
        pipeline.connect().rest().resume(name(good));
        pipeline.awaitConnectorsRunning(configs);
        assertEquals(0, Scripts.run(pipeline.connectUrl(), "status.sh", deployedNames).exitCode());
    }

    @Test
    @Order(2)
    void everyClosedWindowInPostgresEqualsTheGroundTruth() throws Exception {
        pipeline.startAggregator();
        Simulator simulator = pipeline.startSimulator(truthFile);
        assertTrue(simulator.awaitDelivered(TIMEOUT), "not all events reached the pipeline: " + simulator.stats());
        JsonNode truth = JSON.readTree(truthFile.toFile());
        Map<String, String> expected = GroundTruth.expectedRows(truth);
        long events = simulator.stats().events();
        assertTrue(events > 90_000, events + " events");

        Map<String, String> actual = Waits.until("every closed window in PostgreSQL", TIMEOUT,
                () -> GroundTruth.postgresRows(pipeline.database(), truth), rows -> rows.keySet().containsAll(expected.keySet()));
        assertEquals(expected, actual);

        JsonNode counts = truth.path("events");
        assertEquals(counts.path("invalid_orders").asLong(), pipeline.kafka().readToEnd(
                Topics.ORDERS_CREATED + Topics.INVALID_SUFFIX).size(), "invalid orders (pulled exactly once)");
        // Clicks are POSTed again after an unacknowledged answer, so invalid clicks are counted by event id.
        assertEquals(counts.path("invalid_clicks").asLong(), GroundTruth.eventIds(pipeline.kafka(),
                Topics.CLICKSTREAM_EVENTS + Topics.INVALID_SUFFIX, RecordValues.of(pipeline)).size(), "invalid clicks");
        assertTrue(counts.path("invalid_orders").asLong() > 0 && counts.path("invalid_clicks").asLong() > 0);
        assertTrue(counts.path("late_orders").asLong() + counts.path("late_clicks").asLong() > 0, "late events");
        assertTrue(counts.path("duplicate_orders").asLong() + counts.path("duplicate_clicks").asLong() > 0);
        long closed = java.util.stream.StreamSupport.stream(truth.path("windows").spliterator(), false)
                .filter(w -> w.path("closed").asBoolean()).count();
        System.out.printf("Pipeline: %,d events, %d closed windows, %d rows compared, %d invalid, %d late%n", events,
                closed, expected.size(), counts.path("invalid_orders").asLong()
                        + counts.path("invalid_clicks").asLong(), counts.path("late_orders").asLong()
                        + counts.path("late_clicks").asLong());
    }

    @Test
    @Order(3)
    void reRunningTheAggregatorAndReplayingTheSinkLeavesTheTablesUnchanged() throws Exception {
        beforeReplay = allRows();
        long salesRecords = pipeline.kafka().readToEnd(Topics.SALES_PER_MINUTE).size();

        // The aggregator from the start of its input: stop, reset with Kafka's streams resetter, drop local state.
        pipeline.aggregator().close();
        pipeline.aggregator().streams().cleanUp();
        int reset = new StreamsResetter().execute(new String[] {"--bootstrap-server",
                pipeline.kafka().bootstrapServers(), "--application-id", LocalPipeline.AGGREGATOR_ID,
                "--input-topics", Topics.ORDERS_CREATED + "," + Topics.CLICKSTREAM_EVENTS, "--force"});
        assertEquals(0, reset);
        // The resetter only asks for its internal topics to be deleted: starting again while the broker still holds
        // them lets the new instance find half-deleted topics (as the streams reset docs warn).
        Waits.until("the aggregator's internal topics to be gone", TIMEOUT, () -> pipeline.kafka().admin()
                .listTopics().names().toCompletionStage().toCompletableFuture().join().stream().noneMatch(t -> t.startsWith(LocalPipeline.AGGREGATOR_ID + "-")));
        Scripts.Result replayed = Scripts.run(pipeline.connectUrl(), "replay.sh", "analytics-jdbc-sink");
        assertEquals(0, replayed.exitCode(), replayed.output());
        assertTrue(replayed.output().contains("resetting offsets") && replayed.output().contains("RUNNING"),
                replayed.output());
        pipeline.startAggregator();

        // The re-run writes every result again; the sink reads both copies to the end.
        pipeline.kafka().awaitRecords(Topics.SALES_PER_MINUTE, (int) (2 * salesRecords), TIMEOUT);
        Waits.until("the JDBC sink to reach the end of the analytics topics", TIMEOUT, PipelineIT::sinkCaughtUp,
                caughtUp -> caughtUp);
        assertEquals(beforeReplay, allRows());
    }

    private static String name(Path config) {
        return LocalPipeline.connectorName(config);
    }

    private static void writeBrokenSink(Path file) {
        try {
            Map<String, String> config = ConnectConfigFiles.read(configs.stream().filter(c -> name(c).equals(
                    "analytics-jdbc-sink")).findFirst().orElseThrow());
            config.put("insert.mode", "merge");
            config.put("batch.size", "-5");
            java.nio.file.Files.writeString(file, JSON.writeValueAsString(config), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every row of the three tables, every column as text. */
    private static Map<String, String> allRows() {
        Map<String, String> rows = new TreeMap<>();
        for (String table : TABLES) {
            GroundTruth.query(pipeline.database(), "SELECT * FROM " + table, r -> {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    cells.add(r.getString(i));
                }
                rows.put(table + " " + String.join(" ", cells.subList(0, 2)), String.join(" ", cells));
            });
        }
        assertTrue(rows.size() > 10, rows.toString());
        return rows;
    }

    /** The sink's committed offsets have reached each analytics partition's end (less its final commit marker). */
    private static boolean sinkCaughtUp() {
        ConnectorOffsets offsets = pipeline.connect().rest().offsets("analytics-jdbc-sink");
        Map<TopicPartition, Long> committed = new java.util.HashMap<>();
        for (ConnectorOffsets.PartitionOffset o : offsets.offsets()) {
            committed.put(new TopicPartition(o.partition().get("kafka_topic").toString(),
                    ((Number) o.partition().get("kafka_partition")).intValue()),
                    ((Number) o.offset().get("kafka_offset")).longValue());
        }
        try (var consumer = pipeline.kafka().consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE,
                    Topics.FUNNEL_PER_MINUTE)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || committed.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
        }
    }
}
