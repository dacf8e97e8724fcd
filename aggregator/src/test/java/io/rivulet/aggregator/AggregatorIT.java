package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long SIZE = 60_000;
    private static final long GRACE = 10_000;

    private final KafkaBroker kafka = TestServers.kafka();

    @Test
    void resultsEqualGroundTruthWithAvroAndTheRegistry() throws Exception {
        SchemaRegistryServer registry = TestServers.schemaRegistry();
        Map<String, Object> settings = settings("agg-avro");
        settings.putAll(registry.avroConverter(AggregatorConfig.CONVERTER_CLASS_CONFIG,
                    AggregatorConfig.CONVERTER_PREFIX));
        AggregatorConfig config = new AggregatorConfig(settings);
        ShopTraffic traffic = ShopTraffic.generate(42, baseTime(), 15, SIZE, GRACE);
        produce(config, traffic, 0, 1.0);

        AggregatorApp app = new AggregatorApp(config);
        try {
            app.start();
            assertEqualsGroundTruth(config, traffic);
            assertEquals(traffic.lateEvents(), metricTotal("late-events-total"), "late events in JMX");
            // The last closers may still be on their way when the last window is written.
            Waits.until("redeliveries counted in JMX", TIMEOUT, () -> metricTotal("duplicate-events-total"),
                    n -> n >= traffic.duplicateOrders);
            assertEquals(traffic.duplicateOrders, metricTotal("duplicate-events-total"), "redeliveries in JMX");
        } finally {
            app.close();
        }
    }

    @Test
    void killedMidRunAndReplacedItStillEqualsGroundTruthExactlyOnce() throws Exception {
        Map<String, Object> settings = settings("agg-crash");
        settings.put("converter.schemas.enable", "true");
        settings.put("session.timeout.ms", "10000"); // the killed instance's partitions are free sooner
        AggregatorConfig config = new AggregatorConfig(settings);
        ShopTraffic traffic = ShopTraffic.generate(7, baseTime(), 15, SIZE, GRACE);
        produce(config, traffic, 0, 0.6);

        String sales = config.getString(AggregatorConfig.SALES_TOPIC_CONFIG);
        int rowsAtKill;
        try (ChildJvm first = startChild(settings, "first")) {
            Waits.until("the first sales rows", TIMEOUT, () -> kafka.readToEnd(sales).size(), n -> n >= 3);
            first.kill();
            rowsAtKill = kafka.readToEnd(sales).size();
        }
        produce(config, traffic, 0.6, 1.0);
        settings.put("state.dir", WorkDirs.fresh("aggregator-state").toString()); // restore from the changelogs
        try (ChildJvm second = startChild(settings, "second")) {
            assertEqualsGroundTruth(config, traffic);
            second.stop(30); // SIGTERM: the shutdown hook closes Kafka Streams
            assertTrue(!second.isAlive() && Files.readString(second.logFile())
                    .contains("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING"), "clean shutdown on SIGTERM");
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

    private Map<String, Object> settings(String name) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("application.id", name);
        settings.put("state.dir", WorkDirs.fresh("aggregator-state").toString());
        for (String key : List.of(AggregatorConfig.ORDERS_TOPIC_CONFIG, AggregatorConfig.CLICKS_TOPIC_CONFIG,
                AggregatorConfig.SALES_TOPIC_CONFIG, AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG,
                AggregatorConfig.FUNNEL_TOPIC_CONFIG, AggregatorConfig.LATE_TOPIC_CONFIG,
                AggregatorConfig.ERRORS_TOPIC_CONFIG)) {
            settings.put(key, name + "." + key.replace(".topic", ""));
        }
        settings.put("window.size.ms", Long.toString(SIZE));
        settings.put("window.grace.ms", Long.toString(GRACE));
        kafka.createTopic((String) settings.get(AggregatorConfig.ORDERS_TOPIC_CONFIG), ShopTraffic.PARTITIONS);
        kafka.createTopic((String) settings.get(AggregatorConfig.CLICKS_TOPIC_CONFIG), ShopTraffic.PARTITIONS);
        return settings;
    }

    /** Two hours ago, on a minute boundary: old enough for every event time the traffic uses. */
    private static long baseTime() {
        long base = System.currentTimeMillis() - 2 * 3_600_000L;
        return base - base % 60_000;
    }

    /** Produces the share of both inputs from {@code from} to {@code to} (fractions), in order, per partition. */
    private void produce(AggregatorConfig config, ShopTraffic traffic, double from, double to) throws Exception {
        Converter converter = converter(config);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            send(producer, converter, config.getString(AggregatorConfig.ORDERS_TOPIC_CONFIG), traffic.orders, from,
                    to);
            send(producer, converter, config.getString(AggregatorConfig.CLICKS_TOPIC_CONFIG), traffic.clicks, from,
                    to);
            producer.flush();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Converter converter, String topic,
                             List<ShopTraffic.Event> events, double from, double to) {
        for (ShopTraffic.Event event : events.subList((int) (events.size() * from), (int) (events.size() * to))) {
            byte[] value = event.value() == null ? null
                    : converter.fromConnectData(topic, event.schema(), event.value());
            producer.send(new ProducerRecord<>(topic, event.partition(), event.time(),
                    event.key().getBytes(StandardCharsets.UTF_8), value));
        }
    }

    private static Converter converter(AggregatorConfig config) throws ReflectiveOperationException {
        Converter converter = (Converter) config.getClass(AggregatorConfig.CONVERTER_CLASS_CONFIG)
                .getDeclaredConstructor().newInstance();
        converter.configure(config.converterConfig(), false);
        return converter;
    }

    private ChildJvm startChild(Map<String, Object> settings, String name) throws IOException {
        Path dir = WorkDirs.fresh("aggregator-" + name);
        Path file = dir.resolve("aggregator.properties");
        Properties props = new Properties();
        settings.forEach((key, value) -> props.put(key, value.toString()));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "aggregator under test");
        }
        return ChildJvm.start(AggregatorApp.class.getName(), List.of("-Xmx256m", "-XX:+UseSerialGC"),
                List.of(file.toString()), dir.resolve("aggregator.log"));
    }

    private void assertEqualsGroundTruth(AggregatorConfig config, ShopTraffic traffic) throws Exception {
        Converter converter = converter(config);
        assertTrue(traffic.sales.size() >= 14 * 3, "the traffic fills every window: " + traffic.sales.size());
        assertEquals(traffic.intendedLate, traffic.lateEvents(), "ground truth finds exactly the late events");

        List<Struct> sales = rows(converter, config.getString(AggregatorConfig.SALES_TOPIC_CONFIG),
                traffic.sales.size());
        Map<ShopTraffic.SalesKey, Struct> salesByKey = new HashMap<>();
        for (Struct row : sales) {
            ShopTraffic.SalesKey key = new ShopTraffic.SalesKey(((Date) row.get("window_start")).getTime(),
                    row.getString("currency"));
            assertEquals(null, salesByKey.put(key, row), "one row per window and currency: " + key);
        }
        assertEquals(traffic.sales.keySet(), salesByKey.keySet());
        traffic.sales.forEach((key, expected) -> {
            Struct row = salesByKey.get(key);
            assertEquals(expected.orders(), row.getInt64("order_count"), key.toString());
            assertEquals(expected.amount().doubleValue(), row.getFloat64("total_amount"), key.toString());
        });

        List<Struct> users = rows(converter, config.getString(AggregatorConfig.ACTIVE_USERS_TOPIC_CONFIG),
                traffic.activeUsers.size());
        Map<ShopTraffic.UsersKey, Long> usersByKey = new HashMap<>();
        for (Struct row : users) {
            usersByKey.put(new ShopTraffic.UsersKey(((Date) row.get("window_start")).getTime(),
                    row.getString("segment")), row.getInt64("active_users"));
        }
        assertEquals(traffic.activeUsers.size(), users.size(), "one row per window and segment");
        assertEquals(traffic.activeUsers, usersByKey);

        List<Struct> funnel = rows(converter, config.getString(AggregatorConfig.FUNNEL_TOPIC_CONFIG),
                traffic.funnel.size());
        Set<Long> funnelWindows = new HashSet<>();
        for (Struct row : funnel) {
            long start = ((Date) row.get("window_start")).getTime();
            assertTrue(funnelWindows.add(start), "one funnel row per window");
            long[] expected = traffic.funnel.get(start);
            long[] actual = {row.getInt64("page_view"), row.getInt64("add_to_cart"), row.getInt64("checkout"),
                    row.getInt64("purchase")};
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual), "window " + start);
        }
        assertEquals(traffic.funnel.keySet(), funnelWindows);

        assertEquals(traffic.lateEvents(), rows(converter, config.getString(AggregatorConfig.LATE_TOPIC_CONFIG),
                traffic.lateEvents()).size(), "every late event reported");
        assertEquals(traffic.unreadable, kafka.awaitRecords(config.getString(AggregatorConfig.ERRORS_TOPIC_CONFIG),
                traffic.unreadable, TIMEOUT).size(), "every unreadable record in the dead letter topic");
        System.out.printf("aggregator: %d orders, %d clicks in; %d sales, %d active-user and %d funnel rows equal "
                        + "the ground truth; %d late, %d unreadable%n", traffic.orders.size(), traffic.clicks.size(),
                sales.size(), users.size(), funnel.size(), traffic.lateEvents(), traffic.unreadable);
    }

    /** Waits for {@code count} committed rows, then makes sure no more arrive (each window is written once). */
    private List<Struct> rows(Converter converter, String topic, int count) throws InterruptedException {
        kafka.awaitRecords(topic, count, TIMEOUT);
        Thread.sleep(1_000);
        List<Struct> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(topic)) {
            rows.add((Struct) converter.toConnectData(topic, record.value()).value());
        }
        assertEquals(count, rows.size(), topic + " holds exactly one row per window and key");
        return rows;
    }
}
