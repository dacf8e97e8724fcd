package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.TestServers;

/**
 * The aggregator on the real broker: seeded traffic in, every per-window number out compared with the ground truth
 * that {@link ShopTraffic} computes on its own; once with Avro through the registry, once with JSON and the
 * application killed with SIGKILL halfway and replaced by a new instance with empty local state.
 */
@Tag("integration")
class AggregatorIT {
    private static final Duration TIMEOUT = AggregatorRuns.TIMEOUT;
    private static final long SIZE = AggregatorRuns.SIZE;
    private static final long GRACE = AggregatorRuns.GRACE;

    private final KafkaBroker kafka = TestServers.kafka();
    private final AggregatorRuns runs = new AggregatorRuns(kafka);

    @Test
    void resultsEqualGroundTruthWithAvroAndTheRegistry() throws Exception {
        SchemaRegistryServer registry = TestServers.schemaRegistry();
        Map<String, Object> settings = runs.settings("agg-avro", ShopTraffic.PARTITIONS);
        settings.putAll(registry.avroConverter(AggregatorConfig.CONVERTER_CLASS_CONFIG,
                    AggregatorConfig.CONVERTER_PREFIX));
        Path ready = WorkDirs.fresh("agg-avro-ready").resolve("ready");
        settings.put(AggregatorConfig.READY_FILE_CONFIG, ready.toString());
        AggregatorConfig config = new AggregatorConfig(settings);
        ShopTraffic traffic = ShopTraffic.generate(42, AggregatorRuns.baseTime(), 15, SIZE, GRACE);
        runs.produce(config, traffic, 0, 1.0);

        AggregatorApp app = new AggregatorApp(config);
        try {
            assertFalse(Files.exists(ready), "ready before it started");
            app.start();
            // The readiness probe's file (deploy/kubernetes/aggregator.yaml) follows Kafka Streams' state.
            Waits.until("the ready file", TIMEOUT, () -> Files.exists(ready), exists -> exists);
            runs.assertEqualsGroundTruth(config, traffic);
            assertEquals(traffic.lateEvents(), metricTotal("late-events-total"), "late events in JMX");
            // The last closers may still be on their way when the last window is written.
            Waits.until("redeliveries counted in JMX", TIMEOUT, () -> metricTotal("duplicate-events-total"),
                    n -> n >= traffic.duplicateOrders);
            assertEquals(traffic.duplicateOrders, metricTotal("duplicate-events-total"), "redeliveries in JMX");
        } finally {
            app.close();
        }
        assertFalse(Files.exists(ready), "still ready after close");
    }

    @Test
    void killedMidRunAndReplacedItStillEqualsGroundTruthExactlyOnce() throws Exception {
        Map<String, Object> settings = runs.settings("agg-crash", ShopTraffic.PARTITIONS);
        settings.put("converter.schemas.enable", "true");
        settings.put("session.timeout.ms", "10000"); // the killed instance's partitions are free sooner
        AggregatorConfig config = new AggregatorConfig(settings);
        ShopTraffic traffic = ShopTraffic.generate(7, AggregatorRuns.baseTime(), 15, SIZE, GRACE);
        runs.produce(config, traffic, 0, 0.6);

        String sales = config.getString(AggregatorConfig.SALES_TOPIC_CONFIG);
        int rowsAtKill;
        try (ChildJvm first = runs.startChild(settings, "first")) {
            Waits.until("the first sales rows", TIMEOUT, () -> kafka.readToEnd(sales).size(), n -> n >= 3);
            first.kill();
            rowsAtKill = kafka.readToEnd(sales).size();
        }
        runs.produce(config, traffic, 0.6, 1.0);
        settings.put("state.dir", WorkDirs.fresh("aggregator-state").toString()); // restore from the changelogs
        try (ChildJvm second = runs.startChild(settings, "second")) {
            runs.assertEqualsGroundTruth(config, traffic);
            second.stop(30); // SIGTERM: the shutdown hook closes Kafka Streams
            String log = Files.readString(second.logFile());
            assertTrue(!second.isAlive() && log.contains("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING"),
                    () -> "clean shutdown on SIGTERM (" + second.exit() + "); the aggregator's log ends:\n"
                            + log.substring(Math.max(0, log.length() - 3000)));
        }
        assertTrue(rowsAtKill < traffic.sales.size(), "killed before the end: " + rowsAtKill + " of "
                + traffic.sales.size() + " sales rows were written");
    }

    /** The sum of an attribute over the aggregator's own MBeans (one per task). */
    private static long metricTotal(String attribute) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return Math.round(sum(server, attribute));
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double sum(MBeanServer server, String attribute) throws javax.management.JMException {
        double total = 0;
        for (ObjectName name : server.queryNames(new ObjectName(
                "kafka.streams:type=stream-rivulet-aggregator-metrics,*"), null)) {
            if (server.getMBeanInfo(name).getAttributes().length > 0) {
                Object value = java.util.Arrays.stream(server.getMBeanInfo(name).getAttributes())
                        .anyMatch(a -> a.getName().equals(attribute)) ? server.getAttribute(name, attribute) : null;
                total += value == null ? 0 : ((Number) value).doubleValue();
            }
        }
        return total;
    }
}
