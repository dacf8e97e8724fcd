package io.rivulet.embedded.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.embedded.ConfigKeyInfo;
import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.ConnectCluster;
import io.rivulet.embedded.ConnectRestClient;
import io.rivulet.embedded.ConnectorOffsets;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.PluginInfo;
import io.rivulet.embedded.PluginInstaller;
import io.rivulet.embedded.RestCallException;
import io.rivulet.embedded.Waits;

/**
 * A worker loads a connector from {@code plugin.path} (it is not on this JVM's classpath), runs it, and replays it
 * after its offsets are reset or altered through the REST API, as a user would with curl.
 */
@Tag("integration")
class ConnectWorkerIT {
    private static final String CONNECTOR_CLASS = "io.rivulet.testkit.plugin.SequenceSourceConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker kafka;
    private static ConnectCluster connect;
    private static ConnectRestClient rest;

    @BeforeAll
    static void startWorkers() {
        kafka = KafkaBroker.start();
        connect = ConnectCluster.builder(kafka).workers(2).pluginPath(pluginPath()).start();
        rest = connect.rest();
    }

    @AfterAll
    static void stopWorkers() {
        connect.close();
        kafka.close();
    }

    private static Path pluginPath;

    /** The test plugin's archive, unzipped into a fresh plugin path as a user would install it. */
    static synchronized Path pluginPath() {
        if (pluginPath == null) {
            pluginPath = PluginInstaller.install(PluginInstaller.builtZips());
        }
        return pluginPath;
    }

    static Map<String, String> sequenceConfig(String topic, int count) {
        return Map.of(
                "connector.class", CONNECTOR_CLASS,
                "tasks.max", "1",
                "topic", topic,
                "sequence.count", String.valueOf(count),
                "batch.size", "7",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter");
    }

    static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    static List<String> sequence(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "record-" + i).collect(Collectors.toList());
    }

    @Test
    void pluginIsLoadedFromPluginPathNotFromTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(CONNECTOR_CLASS));

        PluginInfo plugin = rest.plugins().stream().filter(p -> p.className().equals(CONNECTOR_CLASS))
                .findFirst().orElseThrow(() -> new AssertionError(CONNECTOR_CLASS + " not in " + rest.plugins()));
        assertEquals("source", plugin.type());
        assertEquals(System.getProperty("rivulet.project.version"), plugin.version());

        List<String> keys = rest.pluginConfig("SequenceSourceConnector").stream().map(ConfigKeyInfo::name)
                .collect(Collectors.toList());
        assertTrue(keys.containsAll(List.of("topic", "sequence.count", "batch.size", "poll.interval.ms")),
                "config keys: " + keys);
    }

    @Test
    void validationReportsErrorsPerField() {
        ConfigValidation validation = rest.validate("SequenceSourceConnector", Map.of(
                "name", "invalid", "connector.class", CONNECTOR_CLASS, "topic", "", "sequence.count", "-1"));
        assertEquals(2, validation.errorCount(), "errors: " + validation.errors());
        assertTrue(validation.errors().containsKey("topic"));
        assertTrue(validation.errors().containsKey("sequence.count"));
    }

    @Test
    void recordsArriveInTheTopicAndWorkersAnswerForEachOther() {
        String topic = "smoke.sequence";
        rest.putConnectorConfig("smoke", sequenceConfig(topic, 50));
        rest.awaitRunning("smoke", 1, TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.awaitRecords(topic, 50, TIMEOUT);
        assertEquals(sequence(0, 50), values(records));
        assertEquals("key-0", new String(records.get(0).key(), StandardCharsets.UTF_8));

        // The second worker serves the same cluster state.
        ConnectRestClient other = new ConnectRestClient(connect.workers().get(1).url());
        assertTrue(other.connectors().contains("smoke"));
        assertEquals(topic, other.connectorConfig("smoke").get("topic"));

        // Pause, resume and restart keep the position: the sequence is not written again.
        rest.pause("smoke");
        Waits.until("smoke PAUSED", TIMEOUT, () -> rest.status("smoke"), s -> s.allIn("PAUSED", 1));
        rest.resume("smoke");
        rest.awaitRunning("smoke", 1, TIMEOUT);
        rest.restart("smoke", true, false);
        rest.awaitRunning("smoke", 1, TIMEOUT);
        rest.restartTask("smoke", 0);
        rest.awaitRunning("smoke", 1, TIMEOUT);
        assertEquals(sequence(0, 50), values(kafka.readToEnd(topic)));

        rest.deleteConnector("smoke");
        Waits.until("smoke deleted", TIMEOUT, () -> rest.connectors(), c -> !c.contains("smoke"));
    }

    @ParameterizedTest(name = "exactly.once.source.support enabled={0}")
    @ValueSource(booleans = {false, true})
    void replayAfterResettingAndAlteringOffsets(boolean exactlyOnce) {
        try (ConnectCluster cluster = ConnectCluster.builder(kafka).pluginPath(pluginPath())
                .exactlyOnceSourceSupport(exactlyOnce).start()) {
            ConnectRestClient client = cluster.rest();
            String name = "replay-" + exactlyOnce;
            String topic = "smoke.replay." + exactlyOnce;
            client.putConnectorConfig(name, sequenceConfig(topic, 30));
            client.awaitRunning(name, 1, TIMEOUT);
            assertEquals(sequence(0, 30), values(kafka.awaitRecords(topic, 30, TIMEOUT)));

            // The committed offset reaches the end of the sequence.
            ConnectorOffsets offsets = Waits.until("offset of " + name + " at 30", TIMEOUT,
                    () -> client.offsets(name), o -> o.offsets().size() == 1
                            && ((Number) o.offsets().get(0).offset().get("position")).longValue() == 30);
            Map<String, Object> partition = offsets.offsets().get(0).partition();
            assertEquals(Map.of("topic", topic), partition);

            // Offsets can only change while the connector is stopped.
            RestCallException refused = assertThrows(RestCallException.class, () -> client.resetOffsets(name));
            assertEquals(400, refused.status());

            client.stop(name);
            ConnectorStatus stopped = client.awaitStopped(name, TIMEOUT);
            assertTrue(stopped.tasks().isEmpty());
            client.resetOffsets(name);
            // Connect may still list the partition, with a null (tombstoned) offset.
            ConnectorOffsets cleared = client.offsets(name);
            assertTrue(cleared.offsets().stream().allMatch(o -> o.offset() == null), "offsets after reset: " + cleared);
            client.resume(name);
            client.awaitRunning(name, 1, TIMEOUT);
            List<String> afterReset = values(kafka.awaitRecords(topic, 60, TIMEOUT));
            assertEquals(sequence(0, 30), afterReset.subList(30, 60), "the whole sequence again");

            // Replay from a chosen position.
            Waits.until("offset of " + name + " back at 30", TIMEOUT, () -> client.offsets(name),
                    o -> o.offsets().size() == 1
                            && ((Number) o.offsets().get(0).offset().get("position")).longValue() == 30);
            client.stop(name);
            client.awaitStopped(name, TIMEOUT);
            client.alterOffsets(name, ConnectorOffsets.of(partition, Map.of("position", 25)));
            client.resume(name);
            client.awaitRunning(name, 1, TIMEOUT);
            List<String> all = values(kafka.awaitRecords(topic, 65, TIMEOUT));
            assertEquals(sequence(25, 30), all.subList(60, 65));

            // A malformed offset is refused by the connector's own check (Connect answers 500 with its message).
            client.stop(name);
            client.awaitStopped(name, TIMEOUT);
            RestCallException malformed = assertThrows(RestCallException.class, () -> client.alterOffsets(name,
                    ConnectorOffsets.of(partition, Map.of("position", "soon"))));
            assertEquals(500, malformed.status());
            assertTrue(malformed.body().contains("position"), malformed.body());

            // Nothing beyond what was asked for was written.
            assertEquals(65, kafka.readToEnd(topic).size());
        }
    }
}
