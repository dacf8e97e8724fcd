package io.rivulet.transforms.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.common.ErrorHeaders;
import io.rivulet.embedded.KafkaBroker;
import io.rivulet.embedded.RedisServer;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.schemas.Topics;
import io.rivulet.testkit.ConnectClusterExtension;
import io.rivulet.testkit.TestServers;

/**
 * Orders and clicks from a source connector through Validate -> RedisEnrich in a real worker, with the plugins
 * installed from their archives, real Redis, and both the JSON and the registry-backed Avro converter.
 */
@Tag("integration")
class ValidateEnrichIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static KafkaBroker kafka;
    private static RedisServer redis;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        kafka = TestServers.kafka();
        redis = TestServers.redis();
        registry = TestServers.schemaRegistry();
        redis.flushAll();
        Fixtures.seedProfiles(redis);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void validOrdersPassAndInvalidOnesAreRoutedWithTheirReasons(Format format) {
        List<Map<String, Object>> orders = Fixtures.orders(40);
        String topic = format.topicPrefix() + Topics.ORDERS_CREATED;
        Map<String, String> config = new HashMap<>(format.converterConfig(registry));
        config.putAll(Map.of(
                "connector.class", "FixtureSourceConnector",
                "topic", topic,
                "fixture.file", Fixtures.write("orders", orders).toString(),
                "fixture.schema", "order",
                "fixture.key.field", "customer_id",
                "batch.size", "7",
                "transforms", "validate",
                "transforms.validate.type", "io.rivulet.transforms.Validate$Value",
                "transforms.validate.rules", Fixtures.ORDER_RULES));
        String name = "orders-" + format;
        CONNECT.rest().putConnectorConfig(name, config);
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);

        Map<String, Map<String, Object>> expectedValid = orders.stream()
                .filter(o -> Fixtures.brokenOrderRule(o) == null)
                .collect(Collectors.toMap(o -> (String) o.get("order_id"), o -> o));
        List<Map<String, Object>> expectedInvalid = orders.stream().filter(o -> Fixtures.brokenOrderRule(o) != null)
                .collect(Collectors.toList());
        List<ConsumerRecord<byte[], byte[]>> valid = kafka.awaitRecords(topic, expectedValid.size(), TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> invalid = kafka.awaitRecords(Topics.invalid(topic),
                expectedInvalid.size(), TIMEOUT);

        assertEquals(orders.size(), valid.size() + invalid.size(), "valid + invalid = input");
        Map<String, Map<String, Object>> arrived = valid.stream().map(r -> format.decode(r.value(), registry))
                .collect(Collectors.toMap(v -> (String) v.get("order_id"), v -> v));
        assertEquals(expectedValid.keySet(), arrived.keySet());
        arrived.forEach((id, value) -> {
            assertEquals(expectedValid.get(id).get("total_amount"), value.get("total_amount"));
            assertEquals(expectedValid.get(id).get("order_ts"), ((Number) value.get("order_ts")).longValue());
        });

        for (int i = 0; i < invalid.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = invalid.get(i);
            Map<String, Object> value = format.decode(record.value(), registry);
            Map<String, Object> input = expectedInvalid.get(i); // one partition: input order
            assertEquals(input.get("order_id"), value.get("order_id"));
            assertEquals(input.get("customer_id"), new String(record.key(), StandardCharsets.UTF_8));
            String rule = Fixtures.brokenOrderRule(input);
            assertEquals(rule, header(record, ErrorHeaders.RULE));
            assertEquals(rule.substring(0, rule.indexOf(' ')), header(record, ErrorHeaders.FIELD));
            assertEquals(topic, header(record, ErrorHeaders.TOPIC));
            assertFalse(header(record, ErrorHeaders.MESSAGE).isBlank());
        }
        CONNECT.rest().deleteConnector(name);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void validClicksGetTheSegmentFromRedisAndInvalidOnesAreNotEnriched(Format format) {
        List<Map<String, Object>> clicks = Fixtures.clicks(60);
        String topic = format.topicPrefix() + Topics.CLICKSTREAM_EVENTS;
        Map<String, String> config = new HashMap<>(format.converterConfig(registry));
        config.putAll(Map.of(
                "connector.class", "FixtureSourceConnector",
                "topic", topic,
                "fixture.file", Fixtures.write("clicks", clicks).toString(),
                "fixture.schema", "click",
                "fixture.key.field", "user_id",
                "transforms", "validate,enrich",
                "transforms.validate.type", "io.rivulet.transforms.Validate$Value",
                "transforms.validate.rules", Fixtures.CLICK_RULES,
                "transforms.enrich.type", "io.rivulet.transforms.RedisEnrich",
                "transforms.enrich.redis.uri", redis.uri()));
        config.putAll(Map.of(
                "transforms.enrich.key.template", "user:{user_id}",
                "transforms.enrich.fields", "segment",
                "transforms.enrich.predicate", "isClicks",
                "predicates", "isClicks",
                "predicates.isClicks.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "predicates.isClicks.pattern", topic.replace(".", "\\.")));
        String name = "clicks-" + format;
        CONNECT.rest().putConnectorConfig(name, config);
        CONNECT.rest().awaitRunning(name, 1, TIMEOUT);

        Set<Object> expectedValid = clicks.stream().filter(Fixtures::clickIsValid).map(c -> c.get("event_id"))
                .collect(Collectors.toSet());
        int expectedInvalid = clicks.size() - expectedValid.size();
        List<ConsumerRecord<byte[], byte[]>> valid = kafka.awaitRecords(topic, expectedValid.size(), TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> invalid = kafka.awaitRecords(Topics.invalid(topic), expectedInvalid,
                TIMEOUT);

        assertEquals(clicks.size(), valid.size() + invalid.size(), "valid + invalid = input");
        List<Map<String, Object>> enriched = valid.stream().map(r -> format.decode(r.value(), registry))
                .collect(Collectors.toList());
        assertEquals(expectedValid, enriched.stream().map(v -> v.get("event_id")).collect(Collectors.toSet()));
        for (Map<String, Object> click : enriched) {
            assertEquals(Fixtures.expectedSegment(click.get("user_id")), click.get("segment"),
                    "segment of " + click.get("user_id"));
        }
        for (ConsumerRecord<byte[], byte[]> record : invalid) {
            Map<String, Object> value = format.decode(record.value(), registry);
            assertEquals("hover", value.get("action"));
            assertNull(value.get("segment"), "invalid clicks skip enrichment (predicate)");
            assertEquals(Fixtures.CLICK_RULES.substring(Fixtures.CLICK_RULES.indexOf("action")),
                    header(record, ErrorHeaders.RULE));
        }
        CONNECT.rest().deleteConnector(name);
    }
}
