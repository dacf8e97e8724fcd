package io.rivulet.connect.jdbc.dialect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.rivulet.connect.jdbc.dialect.Column;
import io.rivulet.connect.jdbc.dialect.TableId;

class PostgresDialectTest {
    private final PostgresDialect dialect = new PostgresDialect(true);

    @Test
    void identifiersAreAlwaysQuotedSoNoNameCanEndTheStatement() {
        assertEquals("\"sales_per_minute\"", dialect.quote("sales_per_minute"));
        assertEquals("\"x\"\"; DROP TABLE t; --\"", dialect.quote("x\"; DROP TABLE t; --"));
        assertThrows(ConnectException.class, () -> dialect.quote(""));
        assertThrows(ConnectException.class, () -> dialect.quote("a\0b"));
        ConnectException tooLong = assertThrows(ConnectException.class, () -> dialect.quote("n".repeat(64)));
        assertTrue(tooLong.getMessage().contains("63 bytes"), tooLong.getMessage());
        String ddl = dialect.createTable(new TableId("public", "t\"x"),
                List.of(new Column("id\"); DROP TABLE t; --", Schema.STRING_SCHEMA)), List.of()).get(0);
        assertEquals("CREATE TABLE IF NOT EXISTS \"public\".\"t\"\"x\" (\"id\"\"); DROP TABLE t; --\" text NOT NULL, "
                + "PRIMARY KEY (\"id\"\"); DROP TABLE t; --\"))", ddl);
    }

    @Test
    void connectTypesMapToPostgresTypes() {
        assertEquals("timestamptz", dialect.sqlType(Timestamp.SCHEMA));
        assertEquals("numeric", dialect.sqlType(Decimal.schema(2)));
        assertEquals("bigint", dialect.sqlType(Schema.INT64_SCHEMA));
        assertEquals("double precision", dialect.sqlType(Schema.OPTIONAL_FLOAT64_SCHEMA));
        assertEquals("text", dialect.sqlType(Schema.STRING_SCHEMA));
        assertEquals("bytea", dialect.sqlType(Schema.BYTES_SCHEMA));
        assertEquals("jsonb", dialect.sqlType(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()));
        String ddl = dialect.createTable(new TableId("public", "orders"), List.of(new Column("order_id",
                Schema.STRING_SCHEMA)), List.of(new Column("promo_code", Schema.OPTIONAL_STRING_SCHEMA),
                new Column("total_amount", Schema.FLOAT64_SCHEMA))).get(0);
        assertTrue(ddl.contains("\"promo_code\" text, \"total_amount\" double precision NOT NULL"), ddl);
        assertEquals(List.of("ALTER TABLE \"public\".\"orders\" ADD COLUMN IF NOT EXISTS \"promo_code\" text"),
                dialect.addColumns(new TableId("public", "orders"), List.of(new Column("promo_code",
                        Schema.OPTIONAL_STRING_SCHEMA))));
    }

    @Test
    void valuesBecomePostgresTextAndCsv() {
        assertEquals("2023-11-14T22:13:20.000Z", PostgresText.of(Timestamp.SCHEMA, new Date(1_700_000_000_000L)));
        assertEquals("1969-12-31T23:59:59.999Z", PostgresText.timestamp(-1));
        assertEquals("2026-02-28T07:05:09.042Z",
                PostgresText.timestamp(java.time.Instant.parse("2026-02-28T07:05:09.042Z").toEpochMilli()));
        assertEquals("2023-11-14", PostgresText.of(org.apache.kafka.connect.data.Date.SCHEMA,
                new Date(1_699_920_000_000L)));
        assertEquals("12.50", PostgresText.of(Decimal.schema(2), new BigDecimal("12.50")));
        assertEquals("t", PostgresText.of(Schema.BOOLEAN_SCHEMA, true));
        assertEquals("\\x00ff", PostgresText.of(Schema.BYTES_SCHEMA, new byte[] {0, -1}));
        Schema struct = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA)
                .build();
        assertEquals("{\"a\":\"q\\\"\\n\",\"n\":1}", PostgresText.of(struct, new Struct(struct).put("a", "q\"\n")
                .put("n", 1)));
        assertEquals("{\"k\":[1,2]}", PostgresText.of(SchemaBuilder.map(Schema.STRING_SCHEMA,
                SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build(), Map.of("k", List.of(1, 2))));
        StringBuilder csv = new StringBuilder();
        PostgresText.appendCsv(csv, "say \"hi\", twice");
        csv.append(',');
        PostgresText.appendCsv(csv, null);
        csv.append(',');
        PostgresText.appendCsv(csv, "");
        assertEquals("\"say \"\"hi\"\", twice\",,\"\"", csv.toString(), "NULL is unquoted, empty text is quoted");
    }

    /** jsonb rejects NaN and Infinity as numbers: nested doubles go out as strings, and the text is valid JSON. */
    @Test
    void structsBecomeValidJsonEvenWithNaN() throws Exception {
        Schema schema = SchemaBuilder.struct().field("x", Schema.FLOAT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA)
                .field("s", Schema.STRING_SCHEMA).field("at", Timestamp.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
        Struct value = new Struct(schema).put("x", Double.NaN).put("y", Double.POSITIVE_INFINITY)
                .put("s", "a\"b\n").put("at", new Date(0)).put("tags", List.of("p", "q"));
        String text = PostgresText.of(schema, value);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(text);
        assertEquals("NaN", json.get("x").asText());
        assertTrue(json.get("x").isTextual() && json.get("y").isTextual(), text);
        assertEquals("a\"b\n", json.get("s").asText());
        assertEquals("1970-01-01T00:00:00.000Z", json.get("at").asText());
        assertEquals(2, json.get("tags").size());
    }
}
