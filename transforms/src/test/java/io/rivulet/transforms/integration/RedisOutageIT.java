package io.rivulet.transforms.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.common.ErrorHeaders;
import io.rivulet.embedded.ConnectorStatus;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.Waits;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * Redis goes away in the middle of a run. With on.error=fail the task fails without committing, and after Redis is
 * back and the task restarts every click is in the topic exactly once (exactly-once source support on the worker);
 * with on.error=default the records keep flowing with the default segment and a header.
 */
@Tag("integration")
class RedisOutageIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins(cluster -> cluster
            .exactlyOnceSourceSupport(true));

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int CLICKS = 300;

    private static KafkaBroker kafka;
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        redis = TestServers.redis();
    }

    @BeforeEach
    void seed() {
        redis.restart();
        redis.flushAll();
        Fixtures.seedProfiles(redis);
    }

    @AfterEach
    void redisBack() {
        redis.restart();
    }

    /** Clicks spread over a few seconds, enriched without a cache so that every record asks Redis. */
    private static Map<String, String> clicksConnector(String topic, String onError) {
        Map<String, String> config = new HashMap<>(Format.JSON.converterConfig(null));
        config.putAll(Map.of(
                "connector.class", "FixtureSourceConnector",
                "topic", topic,
                "fixture.file", Fixtures.write("clicks", Fixtures.clicks(CLICKS)).toString(),
                "fixture.schema", "click",
                "fixture.key.field", "user_id",
                "batch.size", "5",
                "poll.delay.ms", "40",
                "transforms", "enrich",
                "transforms.enrich.type", "io.rivulet.transforms.RedisEnrich",
                "transforms.enrich.redis.uri", redis.uri()));
        config.putAll(Map.of(
                "transforms.enrich.key.template", "user:{user_id}",
                "transforms.enrich.fields", "segment",
                "transforms.enrich.cache.max.entries", "0",
                "transforms.enrich.redis.timeout.ms", "500",
                "transforms.enrich.on.error", onError));
        return config;
    }

    private static List<Map<String, Object>> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> Format.JSON.decode(r.value(), null)).collect(Collectors.toList());
    }

    @Test
    void failStopsTheTaskAndAfterARestartNothingIsLostOrDuplicated() {
        String topic = "outage.fail.clicks";
        CONNECT.rest().putConnectorConfig("outage-fail", clicksConnector(topic, "fail"));
        CONNECT.rest().awaitRunning("outage-fail", 1, TIMEOUT);
        kafka.awaitRecords(topic, 40, TIMEOUT);

        redis.stop();
        ConnectorStatus failed = CONNECT.rest().awaitTaskFailed("outage-fail", TIMEOUT);
        String trace = failed.tasks().get(0).trace();
        assertTrue(trace.contains("RedisEnrich could not look up user:"), trace);
        int beforeRestart = kafka.readToEnd(topic).size();
        assertTrue(beforeRestart < CLICKS, "the outage came before the end: " + beforeRestart);

        redis.restart();
        Fixtures.seedProfiles(redis); // the restarted server is empty, as after a real outage without persistence
        CONNECT.rest().restartTask("outage-fail", 0);
        CONNECT.rest().awaitRunning("outage-fail", 1, TIMEOUT);

        List<Map<String, Object>> clicks = values(kafka.awaitRecords(topic, CLICKS, TIMEOUT));
        assertEquals(CLICKS, clicks.size(), "no click twice");
        Set<Object> ids = clicks.stream().map(c -> c.get("event_id")).collect(Collectors.toSet());
        assertEquals(Fixtures.clicks(CLICKS).stream().map(c -> c.get("event_id")).collect(Collectors.toSet()), ids,
                "no click lost");
        clicks.forEach(c -> assertEquals(Fixtures.expectedSegment(c.get("user_id")), c.get("segment")));
        CONNECT.rest().deleteConnector("outage-fail");
    }

    @Test
    void defaultKeepsTheTaskRunningAndMarksTheRecords() {
        String topic = "outage.default.clicks";
        CONNECT.rest().putConnectorConfig("outage-default", clicksConnector(topic, "default"));
        CONNECT.rest().awaitRunning("outage-default", 1, TIMEOUT);
        kafka.awaitRecords(topic, 40, TIMEOUT);

        redis.stop();
        int atStop = kafka.readToEnd(topic).size();
        // A batch transformed just before the stop may still arrive after atStop: wait for more than 30.
        kafka.awaitRecords(topic, atStop + 45, TIMEOUT);
        assertTrue(CONNECT.rest().status("outage-default").allIn("RUNNING", 1));
        // The restarted server is empty until seeded; a click enriched in between would rightly find no profile
        // (segment "unknown", no error header), so the task waits, paused, until the profiles are back.
        CONNECT.rest().pause("outage-default");
        Waits.until("outage-default paused", TIMEOUT, () -> CONNECT.rest().status("outage-default"),
                s -> s.allIn("PAUSED", 1));
        redis.restart();
        Fixtures.seedProfiles(redis);
        CONNECT.rest().resume("outage-default");

        List<ConsumerRecord<byte[], byte[]>> records = kafka.awaitRecords(topic, CLICKS, TIMEOUT);
        assertEquals(CLICKS, records.size());
        int marked = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Map<String, Object> click = Format.JSON.decode(record.value(), null);
            Header error = record.headers().lastHeader(ErrorHeaders.ENRICH_ERROR);
            if (error != null) {
                marked++;
                assertEquals("unknown", click.get("segment"));
                assertTrue(new String(error.value(), StandardCharsets.UTF_8).contains("could not be read"));
            } else {
                assertEquals(Fixtures.expectedSegment(click.get("user_id")), click.get("segment"));
            }
        }
        assertTrue(marked >= 30, "records during the outage carry the header: " + marked);
        assertTrue(marked < CLICKS - 40, "records after the outage are enriched again: " + marked);
        CONNECT.rest().deleteConnector("outage-default");
    }
}
