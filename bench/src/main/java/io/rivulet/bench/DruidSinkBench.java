package io.rivulet.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.Waits;

/**
 * Rows/s into Druid, counted from the connector's creation until Druid SQL on the broker sees every row, for the
 * Druid sink and for one hand-written native batch task holding the same rows (Druid's own ingestion without Kafka
 * or Connect, the ceiling here). Rows are spread over 60 one-minute chunks, in time order, as a busy aggregator topic.
 *
 * <p>Usage: {@code DruidSinkBench <plugin zips dir> [rows=100000]}.
 */
public final class DruidSinkBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final long BASE = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
    private static final int MINUTES = 60;
    private static final Schema KEY = SchemaBuilder.struct().field("window_start", Timestamp.SCHEMA)
            .field("shop", Schema.STRING_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().field("window_start", Timestamp.SCHEMA)
            .field("shop", Schema.STRING_SCHEMA).field("currency", Schema.STRING_SCHEMA)
            .field("order_count", Schema.INT64_SCHEMA).field("total_amount", Schema.FLOAT64_SCHEMA).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DruidSinkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zips = Paths.get(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path pluginPath = PluginInstaller.install(zips);
        try (KafkaBroker kafka = KafkaBroker.start();
             DruidCluster druid = DruidCluster.start();
             ConnectCluster connect = ConnectCluster.builder(kafka).pluginPath(pluginPath).start()) {
            kafka.createTopic("warmup", 3);
            kafka.createTopic("shop_sales", 3);
            produce(kafka, "warmup", rows / 10);
            produce(kafka, "shop_sales", rows);
            ConnectRestClient rest = connect.rest();
            sinkRate(rest, druid, "warmup", rows / 10); // not timed: class loading, JIT, Druid's first task
            double sink = sinkRate(rest, druid, "shop_sales", rows);
            double raw = rawTaskRate(druid, rows);
            System.out.printf("rows: %,d rows (5 columns) over %d one-minute chunks, JSON with schemas, 3 partitions,"
                    + " one task; Druid 33 (coordinator-overlord, broker, historical, indexer) on the same 2 cores%n",
                    rows, MINUTES);
            System.out.printf("Rivulet DruidSinkConnector (flush every 2 s, chunk = minute): %,.0f rows/s%n", sink);
            System.out.printf("one native batch task with the same rows inline (no Kafka, no Connect): %,.0f rows/s%n",
                    raw);
            System.out.printf("ratio=%.2f%n", sink / raw);
        }
        System.exit(0);
    }

    /** Rows/s from the connector's creation until Druid SQL counts them all. */
    private static double sinkRate(ConnectRestClient rest, DruidCluster druid, String topic, int rows) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.druid.DruidSinkConnector");
        config.put("topics", topic);
        config.put("druid.overlord.url", druid.coordinator().toString());
        config.put("druid.flush.interval.ms", "2000");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("consumer.override.max.poll.records", "5000");
        config.put("consumer.override.isolation.level", "read_committed");
        long started = System.nanoTime();
        rest.putConnectorConfig(topic, config);
        Waits.until("all rows of " + topic + " in Druid", TIMEOUT, () -> {
            if (rest.status(topic).anyTaskIn("FAILED")) {
                throw new IllegalStateException(topic + " failed: " + rest.status(topic));
            }
            return count(druid, topic);
        }, n -> n >= rows);
        double rate = rows / ((System.nanoTime() - started) / 1e9);
        rest.deleteConnector(topic);
        return rate;
    }

    /** The same rows in one index_parallel task, submitted directly: submit to queryable. */
    private static double rawTaskRate(DruidCluster druid, int rows) throws Exception {
        StringBuilder data = new StringBuilder(rows * 120);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = new HashMap<>();
            Struct v = value(i, rows);
            for (org.apache.kafka.connect.data.Field f : VALUE.fields()) {
                Object x = v.get(f);
                row.put(f.name(), x instanceof Date ? ((Date) x).getTime() : x);
            }
            data.append(JSON.writeValueAsString(row)).append('\n');
        }
        List<Map<String, String>> dims = new ArrayList<>();
        dims.add(Map.of("type", "string", "name", "shop"));
        dims.add(Map.of("type", "string", "name", "currency"));
        dims.add(Map.of("type", "long", "name", "order_count"));
        dims.add(Map.of("type", "double", "name", "total_amount"));
        String interval = Instant.ofEpochMilli(BASE) + "/" + Instant.ofEpochMilli(BASE + MINUTES * 60_000L);
        Map<String, Object> spec = Map.of("type", "index_parallel", "spec", Map.of(
                "dataSchema", Map.of("dataSource", "raw_sales",
                        "timestampSpec", Map.of("column", "window_start", "format", "millis"),
                        "dimensionsSpec", Map.of("dimensions", dims),
                        "granularitySpec", Map.of("segmentGranularity", "minute", "queryGranularity", "none",
                                "rollup", false, "intervals", List.of(interval))),
                "ioConfig", Map.of("type", "index_parallel", "inputSource", Map.of("type", "inline",
                        "data", data.toString()), "inputFormat", Map.of("type", "json"), "appendToExisting", false),
                "tuningConfig", Map.of("type", "index_parallel", "maxNumConcurrentSubTasks", 1)));
        long started = System.nanoTime();
        String task = druid.submitTask(JSON.writeValueAsString(spec));
        String status = druid.awaitTask(task, TIMEOUT).path("status").asText();
        if (!status.equals("SUCCESS")) {
            throw new IllegalStateException("The raw task " + task + " ended " + status);
        }
        Waits.until("all raw rows in Druid", TIMEOUT, () -> count(druid, "raw_sales"), n -> n >= rows);
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    private static long count(DruidCluster druid, String datasource) {
        try {
            return ((Number) druid.sql("SELECT COUNT(*) AS n FROM \"" + datasource + "\"").get(0).get("n"))
                    .longValue();
        } catch (RuntimeException e) {
            return 0; // not there yet
        }
    }

    /** Row i of n: minute i * MINUTES / n, so rows arrive in time order, about n / MINUTES per chunk. */
    private static Struct value(int i, int rows) {
        Date start = new Date(BASE + (long) i * MINUTES / rows * 60_000L);
        return new Struct(VALUE).put("window_start", start).put("shop", "shop-" + i).put("currency",
                i % 2 == 0 ? "EUR" : "USD").put("order_count", 1L + i % 97).put("total_amount", 12.25 * (1 + i % 97));
    }

    private static void produce(KafkaBroker kafka, String topic, int rows) {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < rows; i++) {
                Struct value = value(i, rows);
                Struct key = new Struct(KEY).put("window_start", value.get("window_start"))
                        .put("shop", value.get("shop"));
                producer.send(new ProducerRecord<>(topic, i % 3, null, keys.fromConnectData(topic, KEY, key),
                        values.fromConnectData(topic, VALUE, value)));
            }
            producer.flush();
        }
    }
}
