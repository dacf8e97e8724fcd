package io.rivulet.bench;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.rivulet.embedded.RedisServer;
import io.rivulet.schemas.ConnectSchemas;
import io.rivulet.transforms.RedisEnrich;
import io.rivulet.transforms.Validate;
import redis.clients.jedis.Jedis;

/**
 * Per-record cost of our transforms against Kafka's built-in InsertField, which also adds one field to a Struct, on
 * the same click records in the same run. RedisEnrich runs against a real Redis; after the first pass every
 * profile is a cache hit, which is what this measures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransformBenchmark {
    static final Schema CLICK = ConnectSchemas.CLICK;
    static final List<String> ACTIONS = List.of("page_view", "add_to_cart", "checkout", "purchase", "click");
    static final int RECORDS = 4096;
    static final int USERS = 1000;

    private RedisServer redis;
    private SourceRecord[] records;
    private int next;
    private Transformation<SourceRecord> insertField;
    private Transformation<SourceRecord> validate;
    private Transformation<SourceRecord> enrich;
    private Transformation<SourceRecord> chainValidate;
    private Transformation<SourceRecord> chainEnrich;

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisServer.start();
        try (Jedis jedis = redis.client()) {
            for (int u = 0; u < USERS; u++) {
                jedis.hset("user:u-" + u, Map.of("segment", u % 3 == 0 ? "vip" : "returning"));
            }
        }
        records = new SourceRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            Struct click = new Struct(CLICK).put("event_id", "e-" + i).put("user_id", "u-" + (i % USERS))
                    .put("page", "/p/" + (i % 50)).put("action", ACTIONS.get(i % ACTIONS.size()))
                    .put("timestamp", new Date(1_764_240_000_000L + i));
            records[i] = new SourceRecord(Map.of("endpoint", "clicks"), Map.of("position", (long) i),
                    "clickstream.events", null, Schema.STRING_SCHEMA, "u-" + (i % USERS), CLICK, click);
        }
        insertField = new InsertField.Value<>();
        insertField.configure(Map.of("static.field", "segment", "static.value", "vip"));
        validate = validate();
        enrich = enrich();
        chainValidate = validate();
        chainEnrich = enrich();
        for (SourceRecord record : records) { // fill the caches: what follows is all hits
            enrich.apply(record);
            chainEnrich.apply(record);
        }
    }

    private static Transformation<SourceRecord> validate() {
        Validate<SourceRecord> validate = new Validate.Value<>();
        validate.configure(Map.of("rules", "user_id not_blank; action in (page_view, add_to_cart, checkout, "
                + "purchase, click, search); page matches ^/.*"));
        return validate;
    }

    private Transformation<SourceRecord> enrich() {
        Map<String, String> config = new HashMap<>();
        config.put("redis.uri", redis.uri());
        config.put("key.template", "user:{user_id}");
        config.put("fields", "segment");
        config.put("cache.ttl.ms", "3600000");
        RedisEnrich<SourceRecord> enrich = new RedisEnrich<>();
        enrich.configure(config);
        return enrich;
    }

    private SourceRecord nextRecord() {
        SourceRecord record = records[next];
        next = (next + 1) & (RECORDS - 1);
        return record;
    }

    @Benchmark
    public SourceRecord insertFieldBaseline() {
        return insertField.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord validateThreeRules() {
        return validate.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord redisEnrichCacheHit() {
        return enrich.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord chainValidateThenEnrich() {
        SourceRecord validated = chainValidate.apply(nextRecord());
        return chainEnrich.apply(validated);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Transformation<SourceRecord> t : List.of(insertField, validate, enrich, chainValidate, chainEnrich)) {
            t.close();
        }
        redis.close();
    }
}
