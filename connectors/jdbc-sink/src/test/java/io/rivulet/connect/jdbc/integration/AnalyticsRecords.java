package io.rivulet.connect.jdbc.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.embedded.KafkaBroker;

/** Records shaped exactly as the aggregator writes them (its output schemas), in JSON with schemas. */
final class AnalyticsRecords {
    static final long BASE = 1_795_000_020_000L - 1_795_000_020_000L % 60_000;
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    AnalyticsRecords() {
        keys.configure(Map.of("schemas.enable", "true"), true);
        values.configure(Map.of("schemas.enable", "true"), false);
    }

    record Keyed(Struct key, Struct value) {
    }

    /** Sales of {@code windows} minutes for three currencies; {@code seed} varies the numbers. */
    static List<Keyed> sales(int windows, int seed) {
        List<Keyed> rows = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (int c = 0; c < CURRENCIES.size(); c++) {
                Date start = new Date(BASE + w * 60_000L);
                long orders = 1 + (w * 7L + c * 3L + seed) % 50;
                double total = orders * 12.5 + c;
                rows.add(new Keyed(new Struct(OutputSchemas.SALES_KEY).put("window_start", start)
                        .put("currency", CURRENCIES.get(c)), new Struct(OutputSchemas.SALES)
                        .put("window_start", start).put("window_end", new Date(start.getTime() + 60_000))
                        .put("currency", CURRENCIES.get(c)).put("order_count", orders).put("total_amount", total)
                        .put("avg_order_value", total / orders)));
            }
        }
        return rows;
    }

    static List<Keyed> activeUsers(int windows) {
        List<Keyed> rows = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (String segment : List.of("all", "new", "vip")) {
                Date start = new Date(BASE + w * 60_000L);
                rows.add(new Keyed(new Struct(OutputSchemas.ACTIVE_USERS_KEY).put("window_start", start)
                        .put("segment", segment), new Struct(OutputSchemas.ACTIVE_USERS).put("window_start", start)
                        .put("window_end", new Date(start.getTime() + 60_000)).put("segment", segment)
                        .put("active_users", 100L + w + segment.length())));
            }
        }
        return rows;
    }

    static List<Keyed> funnel(int windows) {
        List<Keyed> rows = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            Date start = new Date(BASE + w * 60_000L);
            long views = 100 + w;
            rows.add(new Keyed(new Struct(OutputSchemas.FUNNEL_KEY).put("window_start", start),
                    new Struct(OutputSchemas.FUNNEL).put("window_start", start)
                            .put("window_end", new Date(start.getTime() + 60_000)).put("page_view", views)
                            .put("add_to_cart", views / 2).put("checkout", views / 4).put("purchase", 0L)
                            .put("view_to_cart", (double) (views / 2) / views)
                            .put("cart_to_checkout", (double) (views / 4) / (views / 2))
                            .put("checkout_to_purchase", 0.0).put("overall_conversion", w % 2 == 0 ? null : 0.0)));
        }
        return rows;
    }

    void produce(KafkaBroker kafka, String topic, List<Keyed> rows) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (Keyed row : rows) {
                producer.send(new ProducerRecord<>(topic, keys.fromConnectData(topic, row.key().schema(), row.key()),
                        row.value() == null ? null : values.fromConnectData(topic, row.value().schema(),
                                row.value())));
            }
            producer.flush();
        }
    }

    /** The rows in one transaction, committed or aborted. */
    void produceInTransaction(KafkaProducer<byte[], byte[]> producer, String topic, List<Keyed> rows,
                              boolean commit) {
        producer.beginTransaction();
        for (Keyed row : rows) {
            producer.send(new ProducerRecord<>(topic, keys.fromConnectData(topic, row.key().schema(), row.key()),
                    values.fromConnectData(topic, row.value().schema(), row.value())));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush(); // the records are in the log, then the abort marker follows them
            producer.abortTransaction();
        }
    }

    void produceValue(KafkaBroker kafka, String topic, String key, Schema schema, Struct value) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    values.fromConnectData(topic, schema, value)));
            producer.flush();
        }
    }
}
