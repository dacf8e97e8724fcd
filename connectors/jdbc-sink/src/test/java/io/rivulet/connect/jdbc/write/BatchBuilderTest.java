package io.rivulet.connect.jdbc.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import io.rivulet.common.ErrantRecords;
import io.rivulet.connect.jdbc.JdbcSinkConfig;

/** How one flush's records become rows per table, without a database (a value field that is also a key column
 * is written once, as the key). */
class BatchBuilderTest {
    private static final Schema KEY = SchemaBuilder.struct().name("Key").field("id", Schema.STRING_SCHEMA).build();
    private static final Schema V1 = SchemaBuilder.struct().name("V").field("id", Schema.STRING_SCHEMA)
            .field("n", Schema.INT64_SCHEMA).build();
    private static final Schema V2 = SchemaBuilder.struct().name("V").field("id", Schema.STRING_SCHEMA)
            .field("n", Schema.INT64_SCHEMA).field("promo", Schema.OPTIONAL_STRING_SCHEMA).build();

    private long offset;
    private final List<SinkRecord> reported = new ArrayList<>();

    private static JdbcSinkConfig config(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://db/analytics");
        props.put("primary.key.mode", "record_key");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return new JdbcSinkConfig(props);
    }

    private BatchBuilder builder(JdbcSinkConfig config) {
        return new BatchBuilder(config, new ErrantRecords((record, error) -> {
            reported.add(record);
            return CompletableFuture.completedFuture(null);
        }));
    }

    private SinkRecord record(String topic, String id, Schema valueSchema, long n) {
        Struct value = valueSchema == null ? null : new Struct(valueSchema).put("id", id).put("n", n);
        return new SinkRecord(topic, 0, KEY, new Struct(KEY).put("id", id), valueSchema, value, offset++);
    }

    private static List<String> rows(TableBuffer buffer) {
        return buffer.rows().stream().map(row -> Arrays.toString(row.values())).toList();
    }

    @Test
    void theLatestRecordOfAKeyWinsWithinABuffer() {
        Batch batch = builder(config()).build(List.of(record("t.sales", "a", V1, 1), record("t.sales", "b", V1, 2),
                record("t.sales", "a", V1, 3)), Map.of());
        assertEquals(1, batch.tables().size());
        assertEquals(List.of("[b, 2]", "[a, 3]"), rows(batch.tables().get(0)));
        assertEquals(3, batch.rows());
    }

    /** A producer rollout: v1, v2, v1 in one flush become three buffers, written in that order. */
    @Test
    void aSchemaChangeMidBatchStartsANewBufferInOrder() {
        Batch batch = builder(config()).build(List.of(record("t.sales", "a", V1, 1), record("t.sales", "a", V2, 100),
                record("t.sales", "b", V1, 2)), Map.of());
        assertEquals(3, batch.tables().size());
        assertEquals(List.of("[a, 1]"), rows(batch.tables().get(0)));
        assertEquals(List.of("[a, 100, null]"), rows(batch.tables().get(1)));
        assertEquals(List.of("[b, 2]"), rows(batch.tables().get(2)));
        assertNotSame(batch.tables().get(0).layout(), batch.tables().get(1).layout());
        assertSame(batch.tables().get(0).layout(), batch.tables().get(2).layout(), "layouts are reused");
    }

    @Test
    void eachTopicGetsItsTableFromTheNameFormat() {
        Batch batch = builder(config("table.name.format", "rivulet_${topic.last}")).build(List.of(
                record("analytics.sales", "a", V1, 1), record("analytics.users", "a", V1, 1)), Map.of());
        assertEquals(List.of("public.rivulet_sales", "public.rivulet_users"), batch.tables().stream()
                .map(b -> b.table().schema() + "." + b.table().table()).toList());
    }

    @Test
    void tombstonesAreSkippedUnlessDeletesAreOnThenTheyDeleteTheKey() {
        List<SinkRecord> records = List.of(record("t.sales", "a", V1, 1), record("t.sales", "a", null, 0));
        Batch skipped = builder(config()).build(records, Map.of());
        assertEquals(List.of("[a, 1]"), rows(skipped.tables().get(0)));
        assertEquals(0, skipped.tables().get(0).deletes().size());

        Batch deleting = builder(config("delete.enabled", "true")).build(records, Map.of());
        assertEquals(List.of(), rows(deleting.tables().get(0)), "the delete replaces the earlier row");
        assertEquals(1, deleting.tables().get(0).deletes().size());
    }

    @Test
    void aRecordThatCannotBeLaidOutIsReportedAndTheRestWritten() {
        SinkRecord keyless = new SinkRecord("t.sales", 0, null, null, V1, new Struct(V1).put("id", "x").put("n", 1L),
                offset++);
        Batch batch = builder(config()).build(List.of(keyless, record("t.sales", "a", V1, 1)), Map.of());
        assertEquals(List.of(keyless), reported);
        assertEquals(List.of("[a, 1]"), rows(batch.tables().get(0)));
    }

    @Test
    void withoutAReporterAnUnwritableRecordFailsNamingIt() {
        SinkRecord keyless = new SinkRecord("t.sales", 0, null, null, V1, new Struct(V1).put("id", "x").put("n", 1L),
                41);
        ConnectException e = assertThrows(ConnectException.class, () -> new BatchBuilder(config(),
                new ErrantRecords(null)).build(List.of(keyless), Map.of()));
        assertTrue(e.getMessage().contains("t.sales/0@41"), e.getMessage());
    }
}
