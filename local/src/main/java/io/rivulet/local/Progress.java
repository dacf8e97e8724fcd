package io.rivulet.local;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import io.rivulet.schemas.Topics;
import io.rivulet.simulator.Simulator;

/**
 * Live progress of a local pipeline: every few seconds what the shop sent, what reached the topics (read committed)
 * and the rows in PostgreSQL; and each window's results as the aggregator closes it.
 */
final class Progress implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final List<String> COUNTED = List.of(Topics.ORDERS_CREATED, Topics.CLICKSTREAM_EVENTS,
            Topics.ORDERS_CREATED + Topics.INVALID_SUFFIX, Topics.CLICKSTREAM_EVENTS + Topics.INVALID_SUFFIX,
            Topics.LATE_EVENTS, Topics.SALES_PER_MINUTE, Topics.ACTIVE_USERS_PER_MINUTE, Topics.FUNNEL_PER_MINUTE);

    private final LocalPipeline pipeline;
    private final PrintStream out;
    private final Thread thread;
    private final JsonConverter values = new JsonConverter();
    private final Map<String, Long> counts = new HashMap<>();
    /** Results of windows not printed yet, by window start: all three topics' rows arrive, then it is printed. */
    private final Map<Long, Map<String, List<Struct>>> windows = new TreeMap<>();
    private final Map<Long, Long> firstSeen = new HashMap<>();
    private volatile boolean running = true;

    Progress(LocalPipeline pipeline, PrintStream out) {
        this.pipeline = pipeline;
        this.out = out;
        values.configure(Map.of("schemas.enable", "true"), false);
        thread = new Thread(this::run, "local-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "rivulet-local-progress");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long lastStatus = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(COUNTED);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    counts.merge(record.topic(), 1L, Long::sum);
                    if (record.topic().startsWith("analytics.") && !record.topic().equals(Topics.LATE_EVENTS)) {
                        collect(record);
                    }
                }
                printClosedWindows();
                if (System.currentTimeMillis() - lastStatus >= 5_000) {
                    printStatus();
                    lastStatus = System.currentTimeMillis();
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // stopping
        }
    }

    private void collect(ConsumerRecord<byte[], byte[]> record) {
        SchemaAndValue value = values.toConnectData(record.topic(), record.value());
        if (!(value.value() instanceof Struct)) {
            return;
        }
        Struct row = (Struct) value.value();
        long start = ((java.util.Date) row.get("window_start")).getTime();
        firstSeen.putIfAbsent(start, System.currentTimeMillis());
        windows.computeIfAbsent(start, s -> new HashMap<>()).computeIfAbsent(record.topic(), t -> new ArrayList<>())
                .add(row);
    }

    /**
     * A window is printed when rows of all three topics are in, or 3 s after its first row: sales and clicks close
     * in different stream tasks, each writing its rows of a window in one transaction.
     */
    private void printClosedWindows() {
        long now = System.currentTimeMillis();
        windows.entrySet().removeIf(entry -> {
            Map<String, List<Struct>> rows = entry.getValue();
            boolean complete = rows.containsKey(Topics.SALES_PER_MINUTE) && rows.containsKey(Topics.FUNNEL_PER_MINUTE)
                    && rows.containsKey(Topics.ACTIVE_USERS_PER_MINUTE);
            if (!complete && now - firstSeen.getOrDefault(entry.getKey(), now) < 3_000) {
                return false;
            }
            firstSeen.remove(entry.getKey());
            out.println(windowLine(entry.getKey(), rows));
            return true;
        });
    }

    private String windowLine(long start, Map<String, List<Struct>> rows) {
        return windowLine(start, start + pipeline.options().window().toMillis(), rows);
    }

    /**
     * A window's results as one line: each of sales, active users and funnel when its rows are in. A window printed
     * before all were in (3 s after its first row) is printed again with the rest when they come, so a part missing
     * from a line is not a zero.
     */
    static String windowLine(long start, long end, Map<String, List<Struct>> rows) {
        StringBuilder line = new StringBuilder(String.format("[window %s-%s]",
                TIME.format(Instant.ofEpochMilli(start)), TIME.format(Instant.ofEpochMilli(end))));
        List<String> parts = new ArrayList<>();
        List<Struct> sales = rows.get(Topics.SALES_PER_MINUTE);
        if (sales != null) {
            StringBuilder part = new StringBuilder("sales");
            for (Struct sale : sales) {
                part.append(String.format(" %s %d orders %,.2f", sale.getString("currency"),
                        sale.getInt64("order_count"), sale.getFloat64("total_amount")));
            }
            parts.add(part.toString());
        }
        List<Struct> active = rows.get(Topics.ACTIVE_USERS_PER_MINUTE);
        if (active != null) {
            Map<String, Long> users = new TreeMap<>();
            for (Struct row : active) {
                users.put(row.getString("segment"), row.getInt64("active_users"));
            }
            Long all = users.remove("all");
            parts.add("active users " + (all == null ? 0 : all) + " " + users);
        }
        for (Struct funnel : rows.getOrDefault(Topics.FUNNEL_PER_MINUTE, List.of())) {
            Double overall = funnel.getFloat64("overall_conversion");
            parts.add(String.format("funnel %d > %d > %d > %d (%s)", funnel.getInt64("page_view"),
                    funnel.getInt64("add_to_cart"), funnel.getInt64("checkout"), funnel.getInt64("purchase"),
                    overall == null ? "n/a" : String.format("%.1f%%", overall * 100)));
        }
        return line.append(' ').append(String.join(" | ", parts)).toString();
    }

    private void printStatus() {
        Simulator simulator = pipeline.simulator();
        String sent = simulator == null ? "shop not started" : String.format("shop sent %,d events (%,d invalid, %,d "
                + "late)", simulator.stats().events(), simulator.stats().invalid(), simulator.stats().late());
        out.printf("[%s] %s | in Kafka: %,d orders, %,d clicks, %,d invalid, %,d late | result rows: %,d | rows in "
                + "PostgreSQL: %,d%n", TIME.format(Instant.now()), sent, count(Topics.ORDERS_CREATED),
                count(Topics.CLICKSTREAM_EVENTS), count(Topics.ORDERS_CREATED + Topics.INVALID_SUFFIX)
                        + count(Topics.CLICKSTREAM_EVENTS + Topics.INVALID_SUFFIX), count(Topics.LATE_EVENTS),
                count(Topics.SALES_PER_MINUTE) + count(Topics.ACTIVE_USERS_PER_MINUTE)
                        + count(Topics.FUNNEL_PER_MINUTE), postgresRows());
    }

    private long count(String topic) {
        return counts.getOrDefault(topic, 0L);
    }

    private long postgresRows() {
        long rows = 0;
        try (Connection c = pipeline.database().connect(); Statement s = c.createStatement()) {
            for (String table : List.of("sales_per_minute", "active_users_per_minute", "funnel_per_minute")) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    rows += r.getLong(1);
                } catch (SQLException e) {
                    // not created yet
                }
            }
        } catch (SQLException e) {
            return -1;
        }
        return rows;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
