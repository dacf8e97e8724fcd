package io.rivulet.transforms;

import static io.rivulet.transforms.TestRecords.CLICK;
import static io.rivulet.transforms.TestRecords.ORDER_V1;
import static io.rivulet.transforms.TestRecords.click;
import static io.rivulet.transforms.TestRecords.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.common.ErrorHeaders;

/**
 * The docs say both transforms work on sink connectors too: every mode of each, applied to {@link SinkRecord}s as
 * a sink's worker hands them over (a partition and an offset always set), keeps the record a valid sink record.
 */
class SinkRecordModesTest {
    private static final String RULES = "order_id not_blank; total_amount > 0";

    private static SinkRecord sinkRecord(String topic, Schema schema, Object value) {
        SinkRecord record = new SinkRecord(topic, 3, Schema.STRING_SCHEMA, "c-1", schema, value, 1207L,
                1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        record.headers().addString("traceparent", "00-abc-def-01");
        return record;
    }

    private static Validate<SinkRecord> validate(boolean key, String rules, String onInvalid) {
        Validate<SinkRecord> smt = key ? new Validate.Key<>() : new Validate.Value<>();
        smt.configure(Map.of("rules", rules, "on.invalid", onInvalid));
        return smt;
    }

    @ParameterizedTest
    @ValueSource(strings = {"route", "drop", "fail"})
    void validatePassesAValidSinkRecordUnchangedInEveryMode(String mode) {
        SinkRecord in = sinkRecord("orders", ORDER_V1, order("o-1", 10, "EUR"));
        Validate<SinkRecord> smt = validate(false, RULES, mode);
        try {
            assertSame(in, smt.apply(in));
        } finally {
            smt.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void routeKeepsTheSinkRecordsPartitionAndOffset(boolean onKey) {
        SinkRecord in = onKey
                ? new SinkRecord("orders", 3, null, Map.of("customer_id", " "), ORDER_V1, order("o-1", 10, "EUR"),
                        1207L)
                : sinkRecord("orders", ORDER_V1, order("o-1", 0, "EUR"));
        Validate<SinkRecord> smt = validate(onKey, onKey ? "customer_id not_blank" : RULES, "route");
        try {
            SinkRecord out = smt.apply(in);
            assertEquals("orders.invalid", out.topic());
            assertEquals(3, out.kafkaPartition());
            assertEquals(1207L, out.kafkaOffset());
            assertEquals("orders", out.originalTopic());
            assertEquals(3, out.originalKafkaPartition());
            assertEquals(1207L, out.originalKafkaOffset());
            assertSame(in.value(), out.value());
            assertEquals(in.timestamp(), out.timestamp());
            assertEquals(in.timestampType(), out.timestampType());
            assertEquals("orders", out.headers().lastWithName(ErrorHeaders.TOPIC).value());
            assertTrue(out.headers().lastWithName(ErrorHeaders.RULE) != null);
        } finally {
            smt.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dropAndFailWorkOnSinkRecords(boolean onKey) {
        SinkRecord in = onKey
                ? new SinkRecord("orders", 3, null, Map.of("customer_id", ""), ORDER_V1, order("o-1", 10, "EUR"),
                        1207L)
                : sinkRecord("orders", ORDER_V1, order("o-1", -1, "EUR"));
        String rules = onKey ? "customer_id not_blank" : RULES;
        Validate<SinkRecord> drop = validate(onKey, rules, "drop");
        Validate<SinkRecord> fail = validate(onKey, rules, "fail");
        try {
            assertNull(drop.apply(in));
            DataException error = assertThrows(DataException.class, () -> fail.apply(in));
            assertTrue(error.getMessage().startsWith("Record in topic orders partition 3 offset 1207 breaks rule"),
                    error.getMessage());
        } finally {
            drop.close();
            fail.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "null", "fail"})
    void redisEnrichWorksOnSinkRecordsForEveryMissMode(String onMiss) {
        RedisEnrichTest.MemoryProfiles profiles = new RedisEnrichTest.MemoryProfiles();
        profiles.hashes.put("user:u-1", Map.of("segment", "vip"));
        RedisEnrich<SinkRecord> smt = enrich(profiles, Map.of("on.miss", onMiss));
        try {
            SinkRecord known = smt.apply(sinkRecord("clicks", CLICK, click("u-1", "click")));
            assertEquals("vip", ((Struct) known.value()).getString("segment"));
            assertEquals(3, known.kafkaPartition());
            assertEquals(1207L, known.kafkaOffset());
            assertEquals("clicks", known.topic());

            SinkRecord unknownUser = sinkRecord("clicks", CLICK, click("ghost", "click"));
            if (onMiss.equals("fail")) {
                assertThrows(DataException.class, () -> smt.apply(unknownUser));
            } else {
                SinkRecord out = smt.apply(unknownUser);
                assertEquals(onMiss.equals("null") ? null : "unknown", ((Struct) out.value()).getString("segment"));
                assertEquals(1207L, out.kafkaOffset());
            }
            Map<String, Object> schemaless = new HashMap<>(Map.of("user_id", "u-1", "action", "click"));
            SinkRecord plain = smt.apply(sinkRecord("clicks", null, schemaless));
            assertEquals("vip", ((Map<?, ?>) plain.value()).get("segment"));
            SinkRecord tombstone = sinkRecord("clicks", null, null);
            assertSame(tombstone, smt.apply(tombstone));
        } finally {
            smt.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "fail"})
    void redisEnrichWorksOnSinkRecordsForEveryErrorMode(String onError) {
        RedisEnrichTest.MemoryProfiles profiles = new RedisEnrichTest.MemoryProfiles();
        profiles.down = true;
        RedisEnrich<SinkRecord> smt = enrich(profiles, Map.of("on.error", onError));
        try {
            SinkRecord in = sinkRecord("clicks", CLICK, click("u-1", "click"));
            if (onError.equals("fail")) {
                assertThrows(RetriableException.class, () -> smt.apply(in));
            } else {
                SinkRecord out = smt.apply(in);
                assertEquals("unknown", ((Struct) out.value()).getString("segment"));
                assertEquals(3, out.kafkaPartition());
                assertEquals(1207L, out.kafkaOffset());
                assertTrue(out.headers().lastWithName(ErrorHeaders.ENRICH_ERROR) != null);
            }
        } finally {
            smt.close();
        }
    }

    private static RedisEnrich<SinkRecord> enrich(RedisEnrichTest.MemoryProfiles profiles, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("redis.uri", "redis://127.0.0.1:6379",
                "key.template", "user:{user_id}", "fields", "segment"));
        props.putAll(extra);
        RedisEnrich<SinkRecord> smt = new RedisEnrich<>(config -> profiles);
        smt.configure(props);
        return smt;
    }
}
