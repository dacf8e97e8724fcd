package io.rivulet.connect.druid.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.aggregator.output.OutputSchemas;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectRestClient;
import io.rivulet.testkit.DruidCluster;
import io.rivulet.testkit.KafkaBroker;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.PostgresDatabase;
import io.rivulet.testkit.TestServers;
import io.rivulet.testkit.Waits;

/**
 * The Druid sink in a real worker writing into a real Druid: per-minute numbers equal the records and what the JDBC
 * sink writes into PostgreSQL from the same topic; a replay leaves them as they were.
 */
@Tag("integration")
class DruidSinkIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final long BASE = 1_795_000_020_000L - 1_795_000_020_000L % 60_000;
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    private static KafkaBroker kafka;
    private static DruidCluster druid;
    private static ConnectCluster connect;
    private static ConnectRestClient rest;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        druid = TestServers.druid();
        connect = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(PluginInstaller.builtZips()))
                .start();
        rest = connect.rest();
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void salesLandInDruidPerMinuteAndAReplayDoesNotDoubleCount() {
        String topic = "it-druid.sales_per_minute";
        kafka.createTopic(topic, 3);
        Map<Long, Long> expected = produceSales(topic, 20); // 20 windows x 3 currencies, spread over 3 partitions

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.rivulet.connect.druid.DruidSinkConnector");
        config.put("topics", topic);
        config.put("tasks.max", "3"); // the connector runs one task whatever this says
        config.put("druid.overlord.url", druid.coordinator().toString());
        config.put("druid.flush.interval.ms", "1000");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        rest.putConnectorConfig("druid", config);
        assertEquals(1, rest.awaitRunning("druid", 1, TIMEOUT).tasks().size());

        Waits.until("all sales rows in Druid", TIMEOUT, this::rowCount, n -> n == 60);
        assertEquals(expected, perMinute());

        // The JDBC sink on the same topic: PostgreSQL's per-minute numbers are Druid's.
        PostgresDatabase db = TestServers.postgres().createDatabase("druid_vs_postgres");
        Map<String, String> jdbc = new HashMap<>();
        jdbc.put("connector.class", "io.rivulet.connect.jdbc.JdbcSinkConnector");
        jdbc.put("topics", topic);
        jdbc.put("connection.url", db.jdbcUrl());
        jdbc.put("connection.user", db.user());
        jdbc.put("connection.password", db.password());
        jdbc.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        jdbc.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        rest.putConnectorConfig("postgres", jdbc);
        Waits.until("the same minutes in PostgreSQL", TIMEOUT, () -> postgresPerMinute(db), expected::equals);
        rest.deleteConnector("postgres");

        // Replay from the start: every chunk is written again, whole; nothing is added twice.
        int tasksBefore = druid.succeededTasks("sales_per_minute");
        rest.stop("druid");
        rest.awaitStopped("druid", TIMEOUT);
        rest.resetOffsets("druid");
        rest.resume("druid");
        Waits.until("the replay's ingestion tasks", TIMEOUT, () -> druid.succeededTasks("sales_per_minute"),
                n -> n > tasksBefore);
        Waits.until("the replay to settle", TIMEOUT, () -> rest.status("druid"), s -> s.allIn("RUNNING", 1));
        assertEquals(60, rowCount());
        assertEquals(expected, perMinute());
        rest.deleteConnector("druid");
    }

    private long rowCount() {
        try {
            List<Map<String, Object>> rows = druid.sql("SELECT COUNT(*) AS n FROM sales_per_minute");
            return ((Number) rows.get(0).get("n")).longValue();
        } catch (RuntimeException e) {
            return -1; // the datasource is not there yet
        }
    }

    /** Orders per window start (epoch ms), as PostgreSQL sums them; empty until the table is there. */
    private static Map<Long, Long> postgresPerMinute(PostgresDatabase db) {
        Map<Long, Long> sums = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (extract(epoch from window_start) * 1000)::bigint, "
                     + "sum(order_count)::bigint FROM sales_per_minute GROUP BY 1")) {
            while (r.next()) {
                sums.put(r.getLong(1), r.getLong(2));
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return sums;
    }

    /** Orders per window start (epoch ms), as Druid SQL sums them. */
    private Map<Long, Long> perMinute() {
        Map<Long, Long> sums = new TreeMap<>();
        for (Map<String, Object> row : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, SUM(order_count) AS n "
                + "FROM sales_per_minute GROUP BY 1")) {
            sums.put(((Number) row.get("t")).longValue(), ((Number) row.get("n")).longValue());
        }
        return sums;
    }

    private Map<Long, Long> produceSales(String topic, int windows) {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        Map<Long, Long> expected = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int w = 0; w < windows; w++) {
                for (int c = 0; c < CURRENCIES.size(); c++) {
                    Date start = new Date(BASE + w * 60_000L);
                    long orders = 1 + (w * 5L + c) % 17;
                    Struct key = new Struct(OutputSchemas.SALES_KEY).put("window_start", start)
                            .put("currency", CURRENCIES.get(c));
                    Struct value = new Struct(OutputSchemas.SALES).put("window_start", start)
                            .put("window_end", new Date(start.getTime() + 60_000)).put("currency", CURRENCIES.get(c))
                            .put("order_count", orders).put("total_amount", orders * 10.0)
                            .put("avg_order_value", 10.0);
                    producer.send(new ProducerRecord<>(topic, (w + c) % 3, null,
                            keys.fromConnectData(topic, key.schema(), key),
                            values.fromConnectData(topic, value.schema(), value)));
                    expected.merge(start.getTime(), orders, Long::sum);
                }
            }
            producer.flush();
        }
        assertTrue(expected.size() == windows);
        return expected;
    }
}
