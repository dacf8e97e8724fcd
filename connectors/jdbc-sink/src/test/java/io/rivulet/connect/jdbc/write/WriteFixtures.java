package io.rivulet.connect.jdbc.write;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.dialect.TableId;

/** Records keyed by an id with a count, and the sink's config around them, for the write path's unit tests. */
final class WriteFixtures {
    static final Schema KEY = SchemaBuilder.struct().name("Key").field("id", Schema.STRING_SCHEMA).build();
    static final Schema VALUE = SchemaBuilder.struct().name("V").field("id", Schema.STRING_SCHEMA)
            .field("n", Schema.INT64_SCHEMA).build();
    /** Where topic t.sales goes with table.name.format ${topic.last}. */
    static final TableId SALES = new TableId("public", "sales");

    private WriteFixtures() {
    }

    /** Upserts by record key into ${topic.last}, retrying 2 times 1 ms apart, plus {@code extra} key-value pairs. */
    static JdbcSinkConfig config(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://db/analytics");
        props.put("primary.key.mode", "record_key");
        props.put("table.name.format", "${topic.last}");
        props.put("max.retries", "2");
        props.put("retry.backoff.ms", "1");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return new JdbcSinkConfig(props);
    }

    /** Record {@code offset} of t.sales partition {@code partition}: key {@code id}, value (id, n) or a tombstone. */
    static SinkRecord record(int partition, long offset, String id, Long n) {
        Struct value = n == null ? null : new Struct(VALUE).put("id", id).put("n", n);
        return new SinkRecord("t.sales", partition, KEY, new Struct(KEY).put("id", id), n == null ? null : VALUE,
                value, offset);
    }
}
