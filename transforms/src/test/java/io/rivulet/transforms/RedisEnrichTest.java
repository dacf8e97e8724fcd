package io.rivulet.transforms;

import io.rivulet.common.ErrorHeaders;

import static io.rivulet.transforms.TestRecords.CLICK;
import static io.rivulet.transforms.TestRecords.ORDER_V1;
import static io.rivulet.transforms.TestRecords.ORDER_V2;
import static io.rivulet.transforms.TestRecords.click;
import static io.rivulet.transforms.TestRecords.order;
import static io.rivulet.transforms.TestRecords.orderV2;
import static io.rivulet.transforms.TestRecords.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rivulet.transforms.enrich.ProfileSource;
import io.rivulet.transforms.enrich.ProfileSourceException;

/** The transform's logic with profiles held in memory; RedisEnrichRedisIT runs it against a real Redis. */
class RedisEnrichTest {
    /** Profiles in a map, counting lookups; {@code down} makes every lookup fail as an unreachable Redis would. */
    static final class MemoryProfiles implements ProfileSource {
        final Map<String, Map<String, String>> hashes = new HashMap<>();
        final List<String> lookups = new ArrayList<>();
        boolean down;
        boolean closed;

        @Override
        public String[] fetch(String key, String[] fields) {
            lookups.add(key);
            if (down) {
                throw new ProfileSourceException("Redis at redis://127.0.0.1:1 could not be read (HMGET " + key
                        + "): Connection refused", null);
            }
            Map<String, String> hash = hashes.getOrDefault(key, Map.of());
            String[] values = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = hash.get(fields[i]);
            }
            return values;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final MemoryProfiles profiles = new MemoryProfiles();
    private RedisEnrich<SourceRecord> enrich;

    private RedisEnrich<SourceRecord> enrich(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("redis.uri", "redis://127.0.0.1:6379",
                "key.template", "user:{user_id}", "fields", "segment"));
        props.putAll(extra);
        enrich = new RedisEnrich<>(config -> profiles);
        enrich.configure(props);
        return enrich;
    }

    @AfterEach
    void close() {
        if (enrich != null) {
            enrich.close();
        }
    }

    @Test
    void structGainsTheSegmentAndKeepsEverythingElse() {
        profiles.hashes.put("user:u-1", Map.of("segment", "vip"));
        SourceRecord in = record("clickstream.events", CLICK, click("u-1", "page_view"));
        in.headers().addString("traceparent", "t");
        SourceRecord out = enrich(Map.of()).apply(in);

        Struct value = (Struct) out.value();
        assertEquals("vip", value.getString("segment"));
        assertEquals("u-1", value.getString("user_id"));
        assertEquals("page_view", value.getString("action"));
        assertEquals(((Struct) in.value()).get("timestamp"), value.get("timestamp"));
        assertEquals(Schema.OPTIONAL_STRING_SCHEMA, out.valueSchema().field("segment").schema());
        assertEquals(CLICK.name(), out.valueSchema().name());
        assertEquals(in.topic(), out.topic());
        assertEquals(in.key(), out.key());
        assertEquals(in.sourceOffset(), out.sourceOffset());
        assertEquals("t", out.headers().lastWithName("traceparent").value());
    }

    @Test
    void derivedSchemasAreCachedPerSourceSchema() {
        profiles.hashes.put("user:c-1", Map.of("segment", "new"));
        RedisEnrich<SourceRecord> smt = enrich(Map.of("key.template", "user:{customer_id}"));
        Schema first = smt.apply(record("orders", ORDER_V1, order("o-1", 1, "EUR"))).valueSchema();
        Schema again = smt.apply(record("orders", ORDER_V1, order("o-2", 2, "EUR"))).valueSchema();
        Schema v2 = smt.apply(record("orders", ORDER_V2, orderV2("o-3", 3, "X"))).valueSchema();
        Schema v1Again = smt.apply(record("orders", ORDER_V1, order("o-4", 4, "EUR"))).valueSchema();
        assertSame(first, again);
        assertSame(first, v1Again, "the cache keeps both versions");
        assertTrue(v2.field("promo_code") != null && v2.field("segment") != null);
        assertNull(first.field("promo_code"));
    }

    @Test
    void schemalessMapsGainTheField() {
        profiles.hashes.put("user:u-2", Map.of("segment", "returning", "tier", "gold"));
        RedisEnrich<SourceRecord> smt = enrich(Map.of("fields", "segment, tier:customer_tier"));
        Map<String, Object> click = new HashMap<>(Map.of("user_id", "u-2", "action", "click"));
        SourceRecord out = smt.apply(record("clicks", null, click));
        assertEquals(Map.of("user_id", "u-2", "action", "click", "segment", "returning", "customer_tier", "gold"),
                out.value());
        assertNull(out.valueSchema());
        assertEquals(2, click.size(), "the input map is not modified");
    }

    @Test
    void profilesAreCachedIncludingMisses() {
        profiles.hashes.put("user:u-1", Map.of("segment", "vip"));
        RedisEnrich<SourceRecord> smt = enrich(Map.of());
        for (int i = 0; i < 3; i++) {
            smt.apply(record("clicks", CLICK, click("u-1", "click")));
            smt.apply(record("clicks", CLICK, click("nobody", "click")));
        }
        assertEquals(List.of("user:u-1", "user:nobody"), profiles.lookups);
        assertEquals(3, smt.metrics().getEnrichedRecords());
        assertEquals(3, smt.metrics().getMissedRecords());
        assertEquals(2, smt.metrics().getCachedProfiles());
        assertEquals(4, smt.metrics().getCacheHits(), "the second and third lookups of each user");
        assertEquals(2, smt.metrics().getCacheMisses(), "one lookup in Redis per user");
    }

    @Test
    void cachedProfilesExpireAfterTheirTimeToLive() throws InterruptedException {
        profiles.hashes.put("user:u-1", Map.of("segment", "new"));
        RedisEnrich<SourceRecord> smt = enrich(Map.of("cache.ttl.ms", "50"));
        smt.apply(record("clicks", CLICK, click("u-1", "click")));
        profiles.hashes.put("user:u-1", Map.of("segment", "vip"));
        assertEquals("new", ((Struct) smt.apply(record("clicks", CLICK, click("u-1", "click"))).value())
                .getString("segment"), "still cached");
        Thread.sleep(200);
        assertEquals("vip", ((Struct) smt.apply(record("clicks", CLICK, click("u-1", "click"))).value())
                .getString("segment"), "asked again after the TTL");
        assertEquals(2, profiles.lookups.size());
    }

    @Test
    void cacheCanBeTurnedOff() {
        RedisEnrich<SourceRecord> smt = enrich(Map.of("cache.max.entries", "0"));
        smt.apply(record("clicks", CLICK, click("u-1", "click")));
        smt.apply(record("clicks", CLICK, click("u-1", "click")));
        assertEquals(2, profiles.lookups.size());
    }

    @Test
    void onMissDefaultNullOrFail() {
        SourceRecord unknownUser = record("clicks", CLICK, click("ghost", "click"));
        assertEquals("unknown", ((Struct) enrich(Map.of()).apply(unknownUser).value()).getString("segment"));
        close();
        assertEquals("n/a", ((Struct) enrich(Map.of("default.value", "n/a")).apply(unknownUser).value())
                .getString("segment"));
        close();
        assertNull(((Struct) enrich(Map.of("on.miss", "null")).apply(unknownUser).value()).getString("segment"));
        close();
        DataException error = assertThrows(DataException.class,
                () -> enrich(Map.of("on.miss", "fail")).apply(unknownUser));
        assertEquals("RedisEnrich found no 'segment' in user:ghost for the record in topic clicks (source "
                + "partition {endpoint=orders}, source offset {position=7})", error.getMessage());
    }

    @Test
    void aMissingKeyFieldIsAMiss() {
        Map<String, Object> click = new HashMap<>(Map.of("action", "click"));
        SourceRecord out = enrich(Map.of()).apply(record("clicks", null, click));
        assertEquals("unknown", ((Map<?, ?>) out.value()).get("segment"));
        assertTrue(profiles.lookups.isEmpty(), "no key, no lookup");
    }

    @Test
    void redisDownFailsRetriablyByDefault() {
        profiles.down = true;
        RetriableException error = assertThrows(RetriableException.class,
                () -> enrich(Map.of()).apply(record("clicks", CLICK, click("u-1", "click"))));
        assertTrue(error.getMessage().startsWith("RedisEnrich could not look up user:u-1 for the record in topic "
                + "clicks"), error.getMessage());
        assertTrue(error.getMessage().contains("Connection refused"), error.getMessage());
    }

    @Test
    void redisDownWithOnErrorDefaultPassesWithAHeader() {
        profiles.down = true;
        RedisEnrich<SourceRecord> smt = enrich(Map.of("on.error", "default"));
        SourceRecord out = smt.apply(record("clicks", CLICK, click("u-1", "click")));
        assertEquals("unknown", ((Struct) out.value()).getString("segment"));
        assertTrue(((String) out.headers().lastWithName(ErrorHeaders.ENRICH_ERROR).value())
                .contains("Connection refused"));
        assertEquals(1, smt.metrics().getFailedLookups());

        profiles.down = false;
        profiles.hashes.put("user:u-1", Map.of("segment", "vip"));
        SourceRecord recovered = smt.apply(record("clicks", CLICK, click("u-1", "click")));
        assertEquals("vip", ((Struct) recovered.value()).getString("segment"), "failures are not cached");
        assertNull(recovered.headers().lastWithName(ErrorHeaders.ENRICH_ERROR));
    }

    @Test
    void recordsAlreadyRoutedAsInvalidPassUnchanged() {
        SourceRecord invalid = new SourceRecord(null, null, "clicks.invalid", null, null, null, Schema.STRING_SCHEMA,
                "{\"user_id\": 7}");
        invalid.headers().addString(ErrorHeaders.RULE, "schema");
        assertSame(invalid, enrich(Map.of()).apply(invalid));
        assertTrue(profiles.lookups.isEmpty());
    }

    @Test
    void tombstonesPassUnchanged() {
        SourceRecord tombstone = record("clicks", null, null);
        assertSame(tombstone, enrich(Map.of()).apply(tombstone));
    }

    @Test
    void closeReleasesTheSource() {
        enrich(Map.of()).close();
        enrich = null;
        assertTrue(profiles.closed);
    }

    @Test
    void configIsValidatedAndSecretsAreNotEchoed() {
        Map<String, String> base = Map.of("key.template", "user:{user_id}", "fields", "segment");
        Map<String, String> withSecret = new HashMap<>(base);
        withSecret.put("redis.uri", "redis://:hunter2@localhost:6379");
        ConfigException error = assertThrows(ConfigException.class, () -> new RedisEnrichConfig(withSecret));
        assertTrue(!error.getMessage().contains("hunter2"), error.getMessage());
        assertTrue(error.getMessage().contains("redis.password"), error.getMessage());

        Map<String, String> badTemplate = new HashMap<>(base);
        badTemplate.put("redis.uri", "redis://localhost");
        badTemplate.put("key.template", "user:{user id}");
        assertTrue(assertThrows(ConfigException.class, () -> new RedisEnrichConfig(badTemplate)).getMessage()
                .contains("position 6"));
        badTemplate.put("key.template", "all-users");
        assertTrue(assertThrows(ConfigException.class, () -> new RedisEnrichConfig(badTemplate)).getMessage()
                .contains("no {field} placeholder"));

        Map<String, String> badScheme = new HashMap<>(base);
        badScheme.put("redis.uri", "http://localhost:6379");
        assertThrows(ConfigException.class, () -> new RedisEnrichConfig(badScheme));
        assertEquals(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD,
                RedisEnrichConfig.CONFIG_DEF.configKeys().get("redis.password").type);
    }
}
