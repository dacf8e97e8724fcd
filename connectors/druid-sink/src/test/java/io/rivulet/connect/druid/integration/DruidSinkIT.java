package io.rivulet.connect.druid.integration;

import static io.rivulet.connect.druid.integration.AnalyticsTables.TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.DruidCluster;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PrometheusServer;
import io.rivulet.embedded.Waits;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * The aggregator's three output topics into a real Druid through the Druid sink (config from connect-configs/) and
 * into PostgreSQL through the JDBC sink, in one real worker: Druid SQL returns exactly the records and PostgreSQL's
 * rows, also after both sinks replay the topics from the start; Druid's own Kafka ingestion with the supervisor
 * specs from connect-configs/druid/ agrees; a Druid task that fails is retried, reported with its id, and nothing of
 * it is committed.
 */
@Tag("integration")
class DruidSinkIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final long BASE = 1_795_000_020_000L - 1_795_000_020_000L % 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaBroker kafka;
    private static DruidCluster druid;
    private static Map<String, Set<String>> expected;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        druid = TestServers.druid();
        TABLES.forEach(table -> kafka.createTopic(AnalyticsTables.topic(table), 3));
        expected = AnalyticsTables.produce(kafka, BASE, 20);
    }

    @Test
    void druidHoldsThePostgresRowsAlsoAfterBothSinksReplay() {
        PostgresDatabase db = TestServers.postgres().createDatabase("druid_vs_postgres");
        Map<String, String> jdbc = ConnectConfigFiles.forConnector("io.rivulet.connect.jdbc.JdbcSinkConnector",
                Map.of("jdbc:postgresql://postgres:5432/analytics", db.jdbcUrl(),
                        "${file:/mnt/rivulet/secrets/postgres.properties:password}", db.password()))
                .get("analytics-jdbc-sink");
        jdbc.put("connection.user", db.user());
        Map<String, String> sink = druidSinkConfig();
        CONNECT.rest().putConnectorConfig("postgres", jdbc);
        CONNECT.rest().putConnectorConfig("druid", sink);
        assertEquals(1, CONNECT.rest().awaitRunning("druid", 1, TIMEOUT).tasks().size());

        for (String table : TABLES) {
            Waits.until(table + " in Druid", TIMEOUT, () -> AnalyticsTables.druid(druid, table, table),
                    expected.get(table)::equals);
            Waits.until(table + " in PostgreSQL", TIMEOUT, () -> AnalyticsTables.postgres(db, table),
                    expected.get(table)::equals);
        }

        // Replay both from the start: every Druid chunk is written again whole, every PostgreSQL row upserted.
        Map<String, Integer> tasksBefore = new HashMap<>();
        TABLES.forEach(table -> tasksBefore.put(table, druid.succeededTasks(table)));
        for (String name : List.of("druid", "postgres")) {
            CONNECT.rest().stop(name);
            CONNECT.rest().awaitStopped(name, TIMEOUT);
            CONNECT.rest().resetOffsets(name);
            CONNECT.rest().resume(name);
        }
        for (String table : TABLES) {
            Waits.until("the replay's ingestion task for " + table, TIMEOUT, () -> druid.succeededTasks(table),
                    n -> n > tasksBefore.get(table));
        }
        Waits.until("the replay to settle", TIMEOUT, () -> CONNECT.rest().status("druid"), s -> s.allIn("RUNNING", 1));
        for (String table : TABLES) {
            assertEquals(expected.get(table), AnalyticsTables.druid(druid, table, table), table + " in Druid");
            assertEquals(expected.get(table), AnalyticsTables.postgres(db, table), table + " in PostgreSQL");
        }
        CONNECT.rest().deleteConnector("druid");
        CONNECT.rest().deleteConnector("postgres");
    }

    @Test
    void theKafkaSupervisorSpecsIngestTheSameRows() {
        for (String table : TABLES) {
            String id = druid.submitSupervisor(supervisorSpec(table, table + "_pull"));
            try {
                Waits.until(table + " through Druid's Kafka ingestion", TIMEOUT,
                        () -> AnalyticsTables.druid(druid, table + "_pull", table), expected.get(table)::equals);
            } finally {
                druid.terminateSupervisor(id);
            }
        }
    }

    @Test
    void aFailedDruidTaskIsRetriedAndReportedWithItsIdAndNothingIsCommitted() {
        String topic = "it-druid.broken";
        kafka.createTopic(topic, 1);
        // The first record makes "n" a long column; the second, with a newer schema, holds text Druid cannot parse.
        Schema v1 = SchemaBuilder.struct().field("window_start", Timestamp.SCHEMA).field("n", Schema.INT64_SCHEMA)
                .build();
        Schema v2 = SchemaBuilder.struct().field("window_start", Timestamp.SCHEMA).field("n", Schema.STRING_SCHEMA)
                .build();
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        Date start = new Date(BASE);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, 0, null, null, values.fromConnectData(topic, v1,
                    new Struct(v1).put("window_start", start).put("n", 5L))));
            producer.send(new ProducerRecord<>(topic, 0, null, null, values.fromConnectData(topic, v2,
                    new Struct(v2).put("window_start", start).put("n", "many"))));
        }
        Map<String, String> config = druidSinkConfig();
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("druid.task.max.attempts", "2");
        CONNECT.rest().putConnectorConfig("druid-broken", config);

        ConnectorStatus failed = CONNECT.rest().awaitTaskFailed("druid-broken", TIMEOUT);
        List<String> failedTasks = druid.failedTasks("broken");
        assertEquals(2, failedTasks.size(), "one Druid task per attempt: " + failedTasks);
        String trace = failed.tasks().get(0).trace();
        assertTrue(trace.contains("Druid task " + failedTasks.get(0)) && trace.contains("after 2 attempts"), trace);
        String error = druid.taskStatus(failedTasks.get(0)).path("errorMsg").asText();
        assertTrue(trace.contains(error.substring(0, Math.min(40, error.length()))), error + " not in " + trace);
        assertTrue(trace.contains("[many]") && trace.contains("dimension [n]"), "names value and column: " + trace);
        assertTrue(CONNECT.rest().offsets("druid-broken").offsets().isEmpty(), "no offset committed: "
                + CONNECT.rest().offsets("druid-broken"));
        CONNECT.rest().deleteConnector("druid-broken");
    }

    /**
     * The overlord goes away mid-run (its process killed) and comes back: the task stays RUNNING, says so in the log
     * and in JMX, commits nothing past the unwritten minutes, and once Druid is back every row is there once.
     */
    @Test
    void aDruidOutageIsRetriedWithBackoffAndRecoversByItself() throws Exception {
        String topic = "it-druid-outage.sales_per_minute";
        kafka.createTopic(topic, 2);
        Map<String, String> config = druidSinkConfig();
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("druid.datasource.format", "outage_sales");
        try (ScrapedWorkerMetrics metrics = ScrapedWorkerMetrics.start()) {
            CONNECT.rest().putConnectorConfig("druid-outage", config);
            CONNECT.rest().awaitRunning("druid-outage", 1, TIMEOUT);
            List<String> first = produceSales(topic, 0, 5);
            metricsShowTheIngestionTasks(metrics);
            Waits.until("the first minutes in Druid", TIMEOUT, () -> salesRows("outage_sales"), first::equals);
            outageRiddenOut(topic, first, metrics);
        }
    }

    /**
     * The sink's metrics as Prometheus scrapes them with the compose rules, as soon as its first ingestion task
     * ended (the quantiles cover the last minute; the rows become queryable in Druid a while later): the task counts
     * equal the sink's, and the dashboard's Druid panel shows the task's duration.
     */
    private static void metricsShowTheIngestionTasks(ScrapedWorkerMetrics metrics) {
        Waits.until("an ingestion task to end", TIMEOUT, () -> jmx("SucceededTasks"), n -> n != null && (Long) n > 0);
        long succeeded = (Long) jmx("SucceededTasks");
        String series = "{connector=\"druid-outage\"}";
        Waits.until("the ingestion tasks in Prometheus", TIMEOUT, () -> metrics.query(
                "sum(rivulet_druid_sink_ingestion_task_seconds_count" + series + ")"),
                r -> !r.isEmpty() && value(r) == succeeded);
        assertEquals(succeeded, value(metrics.query("sum(rivulet_druid_sink_succeeded_tasks_total" + series + ")")));
        double sum = (Double) jmx("IngestionTaskSecondsSum");
        Map<String, String> panels = metrics.dashboardExpressions("rivulet_druid_sink_");
        assertEquals(2, panels.size(), panels.toString());
        panels.forEach((panel, expression) -> {
            // A rate needs the sample before the task's end and one after it.
            JsonNode result = Waits.until(panel + " to show data", Duration.ofSeconds(30), () -> metrics.query(
                    expression), r -> !r.isEmpty() && !Double.isNaN(value(r)));
            System.out.println(panel + " -> " + result + " (the sink's tasks took " + sum + " s in all)");
            double shown = value(result);
            assertTrue(shown > 0 && shown <= sum, panel + " shows " + shown + " s; the " + succeeded
                    + " task(s) took " + sum + " s in all");
        });
    }

    /** Druid's coordinator stopped and started again: the sink rides it out, and Prometheus shows the outage. */
    private void outageRiddenOut(String topic, List<String> first, ScrapedWorkerMetrics metrics) throws Exception {
        String series = "{connector=\"druid-outage\"}";
        druid.stopCoordinator();
        List<String> all = new ArrayList<>(first);
        try {
            all.addAll(produceSales(topic, 5, 10));
            Waits.until("the sink to notice the outage", TIMEOUT, () -> jmx("DruidUnavailable"), Boolean.TRUE::equals);
            Waits.until("Prometheus to show the outage", TIMEOUT, () -> metrics.query(
                    "rivulet_druid_sink_unavailable" + series), r -> !r.isEmpty() && value(r) == 1);
            Thread.sleep(8_000); // several failed flushes with growing pauses
            assertTrue(CONNECT.rest().status("druid-outage").allIn("RUNNING", 1), "rides out the outage: "
                    + CONNECT.rest().status("druid-outage"));
            assertTrue((Long) jmx("FailedFlushes") >= 2, "retried: " + jmx("FailedFlushes"));
            assertTrue(String.valueOf(jmx("LastError")).contains("cannot be reached")
                    && String.valueOf(jmx("LastError")).contains(druid.coordinator().toString()), jmx("LastError")
                    + "");
        } finally {
            druid.startCoordinatorAgain();
        }
        all.addAll(produceSales(topic, 10, 12));
        all.sort(null);
        Waits.until("every minute in Druid after the outage", TIMEOUT, () -> salesRows("outage_sales"), all::equals);
        assertEquals(Boolean.FALSE, jmx("DruidUnavailable"));
        assertTrue((Long) jmx("Outages") >= 1);
        assertTrue(CONNECT.rest().status("druid-outage").allIn("RUNNING", 1));
        CONNECT.rest().deleteConnector("druid-outage");
    }

    /** A field a newer schema adds becomes a column without a restart; a row Druid cannot parse goes to the DLQ. */
    @Test
    void fieldsAddedByANewerSchemaReachDruidAndUnparseableRowsGoToTheDeadLetterQueue() {
        String topic = "it-druid.evolving";
        kafka.createTopic(topic, 1);
        Schema v1 = SchemaBuilder.struct().name("Evolving").version(1).field("window_start", Timestamp.SCHEMA)
                .field("n", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name("Evolving").version(2).field("window_start", Timestamp.SCHEMA)
                .field("n", Schema.INT64_SCHEMA).field("promo_code", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema broken = SchemaBuilder.struct().name("Evolving").version(3).field("window_start", Timestamp.SCHEMA)
                .field("n", Schema.STRING_SCHEMA).build();
        JsonConverter values = jsonValues();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < 6; i++) {
                Date start = new Date(BASE + i * 60_000L);
                Struct value = i < 3 ? new Struct(v1).put("window_start", start).put("n", (long) i)
                        : new Struct(v2).put("window_start", start).put("n", (long) i).put("promo_code", "P" + i);
                producer.send(new ProducerRecord<>(topic, 0, ("k" + i).getBytes(), values.fromConnectData(topic,
                        value.schema(), value)));
            }
            producer.send(new ProducerRecord<>(topic, 0, "bad".getBytes(), values.fromConnectData(topic, broken,
                    new Struct(broken).put("window_start", new Date(BASE)).put("n", "many"))));
            producer.send(new ProducerRecord<>(topic, 0, "no-struct".getBytes(), values.fromConnectData(topic,
                    Schema.STRING_SCHEMA, "just text")));
        }
        Map<String, String> config = druidSinkConfig();
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", "it-druid.evolving.dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        CONNECT.rest().putConnectorConfig("druid-evolving", config);

        List<Map<String, Object>> expectedRows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("t", BASE + i * 60_000L);
            row.put("n", (long) i);
            row.put("promo_code", i < 3 ? null : "P" + i);
            expectedRows.add(row);
        }
        Waits.until("v1 and v2 rows, promo_code a column", TIMEOUT, () -> {
            try {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Map<String, Object> r : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, n, promo_code "
                        + "FROM evolving ORDER BY __time")) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("t", ((Number) r.get("t")).longValue());
                    row.put("n", ((Number) r.get("n")).longValue());
                    row.put("promo_code", r.get("promo_code"));
                    rows.add(row);
                }
                return rows;
            } catch (RuntimeException e) {
                return List.of();
            }
        }, expectedRows::equals);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.awaitRecords("it-druid.evolving.dlq", 2, TIMEOUT);
        Set<String> deadKeys = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            deadKeys.add(new String(record.key()));
            String reason = new String(record.headers().lastHeader("__connect.errors.exception.message").value());
            assertTrue(reason.contains(topic + "/0@") && reason.contains("Druid datasource evolving"), reason);
        }
        assertEquals(Set.of("bad", "no-struct"), deadKeys);
        assertTrue(CONNECT.rest().status("druid-evolving").allIn("RUNNING", 1));
        CONNECT.rest().deleteConnector("druid-evolving");
    }

    /** Records of a transaction the producer aborted never reach Druid, on a worker with default consumers. */
    @Test
    void recordsOfAbortedTransactionsNeverReachDruid() {
        String topic = "it-druid-aborted.sales_per_minute";
        kafka.createTopic(topic, 1);
        JsonConverter values = jsonValues();
        try (KafkaProducer<byte[], byte[]> producer = kafka.transactionalProducer("it-druid-aborted")) {
            for (int i = 0; i < 3; i++) {
                producer.beginTransaction();
                Struct sale = sale(i, i == 1 ? 666L : i);
                producer.send(new ProducerRecord<>(topic, 0, ("k" + i).getBytes(), values.fromConnectData(topic,
                        sale.schema(), sale)));
                if (i == 1) {
                    producer.flush();
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        Map<String, String> config = druidSinkConfig();
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("druid.datasource.format", "aborted_sales");
        assertEquals("read_committed", config.get("consumer.override.isolation.level"));
        CONNECT.rest().putConnectorConfig("druid-aborted", config);
        Waits.until("the committed minutes", TIMEOUT, () -> salesRows("aborted_sales").size(), n -> n == 2);
        assertEquals(List.of(BASE + "|EUR|0", (BASE + 120_000) + "|EUR|2"), salesRows("aborted_sales"));
        CONNECT.rest().deleteConnector("druid-aborted");

        config.remove("consumer.override.isolation.level");
        assertTrue(CONNECT.rest().validate("DruidSinkConnector", config).errors()
                .get("consumer.override.isolation.level")
                .get(0).contains("must be read_committed"));
    }

    /** A Druid that refuses the sink for good (here: no task API at the URL) fails the task naming URL and cause. */
    @Test
    void aPermanentFailureFailsTheTaskNamingTheOverlordAndTheCause() {
        String topic = "it-druid-wrong-url.sales_per_minute";
        kafka.createTopic(topic, 1);
        produceSales(topic, 0, 1);
        Map<String, String> config = druidSinkConfig();
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("druid.overlord.url", druid.broker().toString()); // the broker has no task API: 404
        CONNECT.rest().putConnectorConfig("druid-wrong-url", config);
        String trace = CONNECT.rest().awaitTaskFailed("druid-wrong-url", TIMEOUT).tasks().get(0).trace();
        assertTrue(trace.contains("Druid at " + druid.broker()) && trace.contains("answered 404 to POST "
                + "/druid/indexer/v1/task"), trace);
        CONNECT.rest().deleteConnector("druid-wrong-url");
    }

    /** Sales rows for minutes [from, to) in EUR, order_count = minute; returns them as salesRows() shows them. */
    private List<String> produceSales(String topic, int from, int to) {
        JsonConverter values = jsonValues();
        List<String> rows = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = from; i < to; i++) {
                Struct sale = sale(i, i);
                producer.send(new ProducerRecord<>(topic, ("m" + i).getBytes(), values.fromConnectData(topic,
                        sale.schema(), sale)));
                rows.add((BASE + i * 60_000L) + "|EUR|" + i);
            }
        }
        return rows;
    }

    /** A sales row of minute {@code minute} after BASE in EUR. */
    private static Struct sale(int minute, long orderCount) {
        Date start = new Date(BASE + minute * 60_000L);
        return new Struct(AnalyticsTables.valueSchema(AnalyticsTables.SALES)).put("window_start", start)
                .put("window_end", new Date(start.getTime() + 60_000)).put("currency", "EUR")
                .put("order_count", orderCount).put("total_amount", 10.0 * orderCount).put("avg_order_value", 10.0);
    }

    private static JsonConverter jsonValues() {
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        return values;
    }

    /** window_start|currency|order_count of each row, sorted; empty while the datasource is not queryable. */
    private static List<String> salesRows(String datasource) {
        try {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> r : druid.sql("SELECT TIMESTAMP_TO_MILLIS(__time) AS t, currency, order_count "
                    + "FROM \"" + datasource + "\"")) {
                rows.add(((Number) r.get("t")).longValue() + "|" + r.get("currency") + "|"
                        + ((Number) r.get("order_count")).longValue());
            }
            rows.sort(null);
            return rows;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The first sample's value of an instant vector. */
    private static double value(JsonNode result) {
        return PrometheusServer.sampleValue(result.get(0));
    }

    /** An attribute of the sink task's metrics bean (the worker runs in this JVM). */
    private static Object jmx(String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("io.rivulet.connect.druid:type=DruidSink,"
                    + "name=druid-outage,*"), null);
            return names.isEmpty() ? null : server.getAttribute(names.iterator().next(), attribute);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** connect-configs/analytics-druid-sink.json with the test's Druid and a short flush interval. */
    private static Map<String, String> druidSinkConfig() {
        Map<String, String> config = new HashMap<>(ConnectConfigFiles.forConnector(
                "io.rivulet.connect.druid.DruidSinkConnector", Map.of("http://druid-coordinator:8081",
                        druid.coordinator().toString())).get("analytics-druid-sink"));
        config.put("druid.flush.interval.ms", "1000");
        return config;
    }

    /**
     * connect-configs/druid/{table}.supervisor.json for this broker and datasource. Its Avro input (Confluent wire
     * format through the registry, as the compose stack writes) becomes JSON here: Druid's Avro extension needs
     * Confluent's registry client, which is not on Maven Central. The JSON converter's envelope is flattened.
     */
    private static String supervisorSpec(String table, String datasource) {
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(
                    ConnectConfigFiles.folder().resolve(Path.of("druid", table + ".supervisor.json"))));
            ObjectNode dataSchema = (ObjectNode) spec.path("spec").path("dataSchema");
            dataSchema.put("dataSource", datasource);
            ObjectNode ioConfig = (ObjectNode) spec.path("spec").path("ioConfig");
            ((ObjectNode) ioConfig.path("consumerProperties")).put("bootstrap.servers", kafka.bootstrapServers());
            ObjectNode input = JSON.createObjectNode().put("type", "json");
            ObjectNode flatten = input.putObject("flattenSpec").put("useFieldDiscovery", false);
            ArrayNode fields = flatten.putArray("fields");
            fields.addObject().put("type", "path").put("name", "window_start").put("expr", "$.payload.window_start");
            dataSchema.path("dimensionsSpec").path("dimensions").forEach(d -> fields.addObject().put("type", "path")
                    .put("name", d.path("name").asText()).put("expr", "$.payload." + d.path("name").asText()));
            ioConfig.set("inputFormat", input);
            return JSON.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
