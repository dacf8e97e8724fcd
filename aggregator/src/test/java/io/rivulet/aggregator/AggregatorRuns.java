package io.rivulet.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;

import io.rivulet.embedded.ChildJvm;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.Waits;
import io.rivulet.embedded.WorkDirs;

/** Running the aggregator on the real broker for the ITs: topics, traffic in, child JVMs, results against truth. */
final class AggregatorRuns {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final long SIZE = 60_000;
    static final long GRACE = 10_000;

    private final KafkaBroker kafka;

    AggregatorRuns(KafkaBroker kafka) {
        this.kafka = kafka;
    }

    /** Settings of an aggregator with its own topics, named after {@code name}; inputs with that many partitions. */
    Map<String, Object> settings(String name, int partitions) {
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
        kafka.createTopic((String) settings.get(AggregatorConfig.ORDERS_TOPIC_CONFIG), partitions);
        kafka.createTopic((String) settings.get(AggregatorConfig.CLICKS_TOPIC_CONFIG), partitions);
        return settings;
    }

    /** Two hours ago, on a minute boundary: old enough for every event time the traffic uses. */
    static long baseTime() {
        long base = System.currentTimeMillis() - 2 * 3_600_000L;
        return base - base % 60_000;
    }

    /** Produces the share of both inputs from {@code from} to {@code to} (fractions), in order, per partition. */
    void produce(AggregatorConfig config, ShopTraffic traffic, double from, double to) throws Exception {
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

    static Converter converter(AggregatorConfig config) throws ReflectiveOperationException {
        Converter converter = (Converter) config.getClass(AggregatorConfig.CONVERTER_CLASS_CONFIG)
                .getDeclaredConstructor().newInstance();
        converter.configure(config.converterConfig(), false);
        return converter;
    }

    ChildJvm startChild(Map<String, Object> settings, String name, String... jvmOptions) throws IOException {
        Path dir = WorkDirs.fresh("aggregator-" + name);
        Path file = dir.resolve("aggregator.properties");
        Properties props = new Properties();
        settings.forEach((key, value) -> props.put(key, value.toString()));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "aggregator under test");
        }
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        options.addAll(List.of(jvmOptions));
        return ChildJvm.start(AggregatorApp.class.getName(), options, List.of(file.toString()),
                dir.resolve("aggregator.log"));
    }

    void assertEqualsGroundTruth(AggregatorConfig config, ShopTraffic traffic) throws Exception {
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
