package io.rivulet.connect.jdbc.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rivulet.connect.jdbc.JdbcSinkConfig;
import io.rivulet.connect.jdbc.dialect.postgres.PostgresDialect;
import io.rivulet.connect.jdbc.write.PipelinedWriter;
import io.rivulet.embedded.PostgresDatabase;
import io.rivulet.embedded.PostgresServer;
import io.rivulet.schemas.ConnectSchemas;
import io.rivulet.testkit.TestServers;

/**
 * The sink's write path against a real PostgreSQL, without a worker: what one flush leaves in a table, for both
 * write methods, when schema versions alternate inside the flush (a producer rollout), and which column types of
 * an existing table it can fill.
 */
@Tag("integration")
class JdbcWritePathIT {
    private static PostgresServer postgres;
    private static int databases;

    @BeforeAll
    static void start() {
        postgres = TestServers.postgres();
    }

    private static PipelinedWriter writer(PostgresDatabase db, String method, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", db.jdbcUrl());
        props.put("connection.user", db.user());
        props.put("connection.password", db.password());
        props.put("insert.mode", "upsert");
        props.put("primary.key.mode", "record_value");
        props.put("primary.key.fields", "order_id");
        props.put("table.name.format", "orders");
        props.put("batch.size", "1000000"); // one flush holds everything added
        props.put("write.method", method);
        props.putAll(extra);
        JdbcSinkConfig config = new JdbcSinkConfig(props);
        return new PipelinedWriter(config, new PostgresDialect(method.equals("copy")), null);
    }

    private static Struct order(Schema schema, String id, double amount, String promo) {
        Struct order = new Struct(schema).put("order_id", id).put("customer_id", "c-" + id)
                .put("total_amount", amount).put("currency", "EUR").put("order_ts", new Date(1_700_000_000_000L));
        return schema == ConnectSchemas.ORDER_V2 ? order.put("promo_code", promo) : order;
    }

    private static SinkRecord record(long offset, Struct value) {
        return new SinkRecord("orders", 0, Schema.STRING_SCHEMA, value.getString("customer_id"), value.schema(),
                value, offset);
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "unnest"})
    void alternatingSchemaVersionsInOneFlushLeaveTheLatestValues(String method) throws Exception {
        PostgresDatabase db = postgres.createDatabase("write_alternating_" + method);
        PipelinedWriter writer = writer(db, method, Map.of());
        try {
            // v1 k1=1, v2 k1=100, then other keys in v1: exactly a producer rollout.
            writer.add(record(0, order(ConnectSchemas.ORDER_V1, "k1", 1, null)));
            writer.add(record(1, order(ConnectSchemas.ORDER_V1, "k0", 5, null)));
            writer.add(record(2, order(ConnectSchemas.ORDER_V2, "k1", 100, "SPRING")));
            writer.add(record(3, order(ConnectSchemas.ORDER_V1, "k2", 2, null)));
            writer.add(record(4, order(ConnectSchemas.ORDER_V1, "k3", 3, null)));
            writer.flush();
        } finally {
            writer.close();
        }
        assertEquals(Map.of("k0", Arrays.asList(5.0, null), "k1", Arrays.asList(100.0, "SPRING"),
                "k2", Arrays.asList(2.0, null), "k3", Arrays.asList(3.0, null)), table(db));
    }

    /**
     * Random sequences of v1 and v2 records over a few keys, in several flushes: the table equals a model that
     * applies each record in order (upsert: a v1 record sets its columns and leaves promo_code as it was).
     */
    @ParameterizedTest
    @ValueSource(strings = {"copy", "unnest"})
    void randomVersionSequencesMatchAnInMemoryModel(String method) throws Exception {
        for (long seed = 1; seed <= 16; seed++) {
            Random random = new Random(seed * 7919 + method.length());
            int keys = 2 + random.nextInt(60); // few keys repeat within a version's rows; many rarely do
            PostgresDatabase db = postgres.createDatabase("write_model_" + method + "_" + seed);
            Map<String, List<Object>> model = new TreeMap<>();
            PipelinedWriter writer = writer(db, method, Map.of());
            long offset = 0;
            try {
                int flushes = 1 + random.nextInt(3);
                for (int f = 0; f < flushes; f++) {
                    int records = 1 + random.nextInt(40);
                    for (int r = 0; r < records; r++) {
                        String key = "k" + random.nextInt(keys);
                        boolean v2 = random.nextBoolean();
                        double amount = random.nextInt(1000);
                        String promo = v2 && random.nextBoolean() ? "P" + random.nextInt(100) : null;
                        writer.add(record(offset++, order(v2 ? ConnectSchemas.ORDER_V2 : ConnectSchemas.ORDER_V1,
                                key, amount, promo)));
                        List<Object> row = model.computeIfAbsent(key, k -> Arrays.asList(null, null));
                        row.set(0, amount);
                        if (v2) {
                            row.set(1, promo);
                        }
                    }
                    writer.flush();
                }
            } finally {
                writer.close();
            }
            assertEquals(model, table(db), "seed " + seed + ", " + method);
        }
    }

    /** An existing table with enum, array, jsonb and uuid columns: each value is cast to the column's type. */
    @ParameterizedTest
    @ValueSource(strings = {"copy", "unnest"})
    void enumArrayJsonbAndUuidColumnsOfAnExistingTableAreWritten(String method) throws Exception {
        PostgresDatabase db = postgres.createDatabase("write_types_" + method);
        execute(db, "CREATE TYPE currency AS ENUM ('EUR', 'USD', 'GBP')");
        execute(db, "CREATE TABLE typed (id uuid PRIMARY KEY, currency currency NOT NULL, tags text[], "
                + "codes currency[], doc jsonb, attrs jsonb, ref uuid)");
        Schema schema = SchemaBuilder.struct().name("Typed")
                .field("id", Schema.STRING_SCHEMA)
                .field("currency", Schema.STRING_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("codes", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .field("doc", Schema.OPTIONAL_STRING_SCHEMA)
                .field("attrs", SchemaBuilder.struct().field("vip", Schema.BOOLEAN_SCHEMA)
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("ref", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        String[] ids = {"6f1c2c1e-0d5b-4c55-9a39-6e8f3c3b7a01", "6f1c2c1e-0d5b-4c55-9a39-6e8f3c3b7a02"};
        PipelinedWriter writer = writer(db, method, Map.of("table.name.format", "typed",
                "primary.key.fields", "id", "auto.create", "false"));
        try {
            for (int i = 0; i < ids.length; i++) {
                Struct value = new Struct(schema).put("id", ids[i]).put("currency", i == 0 ? "USD" : "GBP")
                        .put("tags", Arrays.asList("a,b", "say \"hi\"", null, "back\\slash"))
                        .put("codes", List.of("EUR", "GBP"))
                        .put("doc", "{\"n\": " + i + "}")
                        .put("attrs", new Struct(schema.field("attrs").schema()).put("vip", i == 0)
                                .put("note", "x"))
                        .put("ref", ids[1 - i]);
                writer.add(new SinkRecord("typed", 0, null, null, schema, value, i));
            }
            writer.flush();
        } finally {
            writer.close();
        }
        Map<String, List<Object>> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id::text, currency::text, tags, codes::text[], doc->>'n', attrs->>'vip', ref::text, "
                        + "pg_typeof(id)::text FROM typed")) {
            while (r.next()) {
                rows.put(r.getString(1), Arrays.asList(r.getString(2),
                        Arrays.asList((Object[]) r.getArray(3).getArray()),
                        Arrays.asList((Object[]) r.getArray(4).getArray()), r.getString(5), r.getString(6),
                        r.getString(7), r.getString(8)));
            }
        }
        List<Object> tags = Arrays.asList("a,b", "say \"hi\"", null, "back\\slash");
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        expected.put(ids[0], Arrays.asList("USD", tags, List.of("EUR", "GBP"), "0", "true", ids[1], "uuid"));
        expected.put(ids[1], Arrays.asList("GBP", tags, List.of("EUR", "GBP"), "1", "false", ids[0], "uuid"));
        assertEquals(expected, rows);
    }

    /** A field of primary.key.fields that the record key lacks is named, with the key's fields, before any SQL. */
    @ParameterizedTest
    @ValueSource(strings = {"copy", "unnest"})
    void anUnknownPrimaryKeyFieldIsNamedNotASyntaxError(String method) {
        PostgresDatabase db = postgres.createDatabase("write_unknown_pk_" + method + "_" + (++databases));
        PipelinedWriter writer = writer(db, method, Map.of("primary.key.mode", "record_key",
                "primary.key.fields", "window_strat", "table.name.format", "sales"));
        Schema key = SchemaBuilder.struct().field("window_start", Schema.INT64_SCHEMA)
                .field("currency", Schema.STRING_SCHEMA).build();
        Schema value = SchemaBuilder.struct().field("window_start", Schema.INT64_SCHEMA)
                .field("currency", Schema.STRING_SCHEMA).field("n", Schema.INT64_SCHEMA).build();
        try {
            writer.add(new SinkRecord("it.sales", 1, key, new Struct(key).put("window_start", 1L)
                    .put("currency", "EUR"), value, new Struct(value).put("window_start", 1L).put("currency", "EUR")
                    .put("n", 3L), 17));
            RuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    writer::flush);
            assertTrue(error.getMessage().contains("it.sales/1@17") && error.getMessage().contains(
                    "primary.key.fields names [window_strat], which the record key lacks; its fields are "
                    + "[window_start, currency]"), error.getMessage());
        } finally {
            writer.close();
        }
    }

    /** order_id -> [total_amount, promo_code] (promo_code null while the table has no such column). */
    private static Map<String, List<Object>> table(PostgresDatabase db) throws SQLException {
        Map<String, List<Object>> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            boolean hasPromo;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                    + "'orders' AND column_name = 'promo_code'")) {
                r.next();
                hasPromo = r.getInt(1) == 1;
            }
            try (ResultSet r = s.executeQuery("SELECT order_id, total_amount, " + (hasPromo ? "promo_code"
                    : "NULL") + " FROM orders")) {
                while (r.next()) {
                    rows.put(r.getString(1), new ArrayList<>(Arrays.asList(r.getDouble(2), r.getString(3))));
                }
            }
        }
        return rows;
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
