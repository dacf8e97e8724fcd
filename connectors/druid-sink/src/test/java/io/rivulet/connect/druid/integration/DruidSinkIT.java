package io.rivulet.connect.druid.integration;

import static io.rivulet.connect.druid.integration.AnalyticsTables.TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectConfigFiles;
import io.rivulet.testkit.ConnectRestClient;
import io.rivulet.testkit.ConnectorStatus;
import io.rivulet.testkit.DruidCluster;
import io.rivulet.testkit.KafkaBroker;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.PostgresDatabase;
import io.rivulet.testkit.TestServers;
import io.rivulet.testkit.Waits;

/**
 * The aggregator's three output topics into a real Druid through the Druid sink (config from connect-configs/) and
 * into PostgreSQL through the JDBC sink, in one real worker: Druid SQL returns exactly the records and PostgreSQL's
 * rows, also after both sinks replay the topics from the start; Druid's own Kafka ingestion with the supervisor
 * specs from connect-configs/druid/ agrees; a Druid task that fails is retried, reported with its id, and nothing of
 * it is committed.
 */
@Tag("integration")
class DruidSinkIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final long BASE = 1_795_000_020_000L - 1_795_000_020_000L % 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaBroker kafka;
    private static DruidCluster druid;
    private static ConnectCluster connect;
    private static ConnectRestClient rest;
    private static Map<String, Set<String>> expected;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        druid = TestServers.druid();
        connect = ConnectCluster.builder(kafka).pluginPath(PluginInstaller.install(PluginInstaller.builtZips()))
                .start();
        rest = connect.rest();
        TABLES.forEach(table -> kafka.createTopic(AnalyticsTables.topic(table), 3));
        expected = AnalyticsTables.produce(kafka, BASE, 20);
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void druidHoldsThePostgresRowsAlsoAfterBothSinksReplay() {
        PostgresDatabase db = TestServers.postgres().createDatabase("druid_vs_postgres");
        Map<String, String> jdbc = ConnectConfigFiles.forConnector("io.rivulet.connect.jdbc.JdbcSinkConnector",
                Map.of("jdbc:postgresql://postgres:5432/analytics", db.jdbcUrl(),
                        "${file:/etc/kafka/secrets/postgres.properties:password}", db.password()))
                .get("analytics-jdbc-sink");
        jdbc.put("connection.user", db.user());
        Map<String, String> sink = druidSinkConfig();
        rest.putConnectorConfig("postgres", jdbc);
        rest.putConnectorConfig("druid", sink);
        assertEquals(1, rest.awaitRunning("druid", 1, TIMEOUT).tasks().size());

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
            rest.stop(name);
            rest.awaitStopped(name, TIMEOUT);
            rest.resetOffsets(name);
            rest.resume(name);
        }
        for (String table : TABLES) {
            Waits.until("the replay's ingestion task for " + table, TIMEOUT, () -> druid.succeededTasks(table),
                    n -> n > tasksBefore.get(table));
        }
        Waits.until("the replay to settle", TIMEOUT, () -> rest.status("druid"), s -> s.allIn("RUNNING", 1));
        for (String table : TABLES) {
            assertEquals(expected.get(table), AnalyticsTables.druid(druid, table, table), table + " in Druid");
            assertEquals(expected.get(table), AnalyticsTables.postgres(db, table), table + " in PostgreSQL");
        }
        rest.deleteConnector("druid");
        rest.deleteConnector("postgres");
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
        config.put("druid.task.max.attempts", "2");
        rest.putConnectorConfig("druid-broken", config);

        ConnectorStatus failed = rest.awaitTaskFailed("druid-broken", TIMEOUT);
        List<String> failedTasks = druid.failedTasks("broken");
        assertEquals(2, failedTasks.size(), "one Druid task per attempt: " + failedTasks);
        String trace = failed.tasks().get(0).trace();
        assertTrue(trace.contains("Druid task " + failedTasks.get(0)) && trace.contains("after 2 attempts"), trace);
        String error = druid.taskStatus(failedTasks.get(0)).path("errorMsg").asText();
        assertTrue(trace.contains(error.substring(0, Math.min(40, error.length()))), error + " not in " + trace);
        assertTrue(trace.contains("[many]") && trace.contains("dimension [n]"), "names value and column: " + trace);
        assertTrue(rest.offsets("druid-broken").offsets().isEmpty(), "no offset committed: "
                + rest.offsets("druid-broken"));
        rest.deleteConnector("druid-broken");
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
