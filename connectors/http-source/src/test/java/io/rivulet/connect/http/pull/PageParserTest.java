package io.rivulet.connect.http.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.connect.http.RecordFactory;
import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * Pages read in one pass give exactly the records of the tree path (the body read as a tree, each record converted
 * by JsonToConnect): values, keys, timestamps, invalid records with their reasons, on random records that are
 * valid, odd and wrong in every way the reader must decline.
 */
class PageParserTest {
    private static final Schema INNER = SchemaBuilder.struct().name("inner").optional()
            .field("code", Schema.STRING_SCHEMA).field("n", Schema.OPTIONAL_INT32_SCHEMA).build();
    private static final Schema SCHEMA = SchemaBuilder.struct().name("order")
            .field("order_id", Schema.STRING_SCHEMA)
            .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("count", Schema.INT32_SCHEMA)
            .field("big", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("total_amount", Schema.FLOAT64_SCHEMA)
            .field("paid", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("order_ts", Timestamp.builder().optional().build())
            .field("channel", SchemaBuilder.string().defaultValue("web").build())
            .field("inner", INNER)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("price", Decimal.builder(2).optional().build())
            .build();
    private static final Map<String, String> PARTITION = Map.of("endpoint", "shop");
    private static final long NOW = 1_767_000_000_000L;

    /** Values of every kind: most fit some field, each misfits others. */
    private static final String[] VALUES = {
        "\"a\"", "\" a \"", "\"\"", "\"o-1\"", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00.123Z\"",
        "\"not a time\"", "\"+1000000000-01-01T00:00:00Z\"", "\"3026-01-01T00:00:00Z\"", "\"caf\\u00e9\"", "0", "1",
        "-1", "127", "128", "-129", "32768", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "-5", "1767000000000", "1767000000123", "99999999999999", "9007199254740993",
        "1.5", "-0.0", "1e3", "1.0E-2", "3.4028235E39", "12.345", "true", "false", "null", "[]", "[\"x\"]",
        "{}", "{\"code\":\"c\"}", "{\"code\":\"c\",\"n\":3}", "{\"code\":1}", "{\"n\":2}",
        "{\"code\":\"c\",\"x\":[1]}", "{\"code\":\"c\",\"code\":\"d\"}"
    };
    private static final String[] NAMES = {"order_id", "customer_id", "tiny", "small", "count", "big", "ratio",
        "total_amount", "paid", "order_ts", "channel", "inner", "tags", "price", "extra", "id"};

    @Test
    void streamedRecordsEqualTheTreePathsOnRandomRecords() throws Exception {
        Random random = new Random(17);
        RecordFactory keyedByCustomer = new RecordFactory(SCHEMA, "/customer_id", "/order_ts", ".invalid",
                3_600_000L);
        RecordFactory keyedByExtraId = new RecordFactory(SCHEMA, "/id", "", ".invalid", 3_600_000L);
        int streamed = 0;
        int records = 0;
        for (int page = 0; page < 400; page++) {
            RecordFactory records1 = page % 2 == 0 ? keyedByCustomer : keyedByExtraId;
            List<String> items = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                items.add(random.nextInt(30) == 0 ? VALUES[random.nextInt(VALUES.length)] : item(random));
            }
            String body = "{\"meta\":{\"n\":" + items.size() + "},\"data\":{\"orders\":[" + String.join(",", items)
                    + "],\"x\":1},\"next_cursor\":\"c" + page + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            PageParser parser = new PageParser(JsonPointer.compile("/data/orders"),
                    records1.streamingReader("id"));
            PageParser.Parsed parsed = parser.parse(bytes);
            JsonNode tree = FetchedPage.JSON.readTree(bytes);
            JsonNode expectedItems = tree.at("/data/orders");
            assertEquals(expectedItems.size(), parsed.items().size(), body);
            assertEquals("c" + page, parsed.rest().at("/next_cursor").asText());
            assertEquals(tree.at("/meta"), parsed.rest().at("/meta"));
            for (int i = 0; i < expectedItems.size(); i++) {
                Map<String, Object> offset = Map.of("cursor", "c" + page, "skip", i + 1);
                SourceRecord expected = records1.create(PARTITION, offset, "orders", expectedItems.get(i), NOW, null);
                StreamedObject item = parsed.items().get(i);
                SourceRecord actual = records1.create(PARTITION, offset, "orders", item, NOW, null);
                assertEquals(expected, actual, "record " + i + " of " + body);
                assertEquals(expected.timestamp(), actual.timestamp(), body);
                assertEquals(expected.headers(), actual.headers(), body);
                streamed += item.value() != null ? 1 : 0;
                records++;
            }
        }
        // Both paths were taken often: the comparison covers the reader, not just the fallback.
        assertTrue(streamed > records / 5 && streamed < records, streamed + " of " + records + " streamed");
    }

    /** A record of random fields: usually the fields a valid order has, with odd and wrong values mixed in. */
    private static String item(Random random) {
        List<String> fields = new ArrayList<>();
        boolean valid = random.nextInt(3) > 0;
        if (valid) {
            fields.add("\"order_id\":\"o-" + random.nextInt(1000) + "\"");
            fields.add("\"count\":" + random.nextInt(100));
            fields.add("\"total_amount\":" + (random.nextBoolean() ? random.nextInt(500)
                    : random.nextInt(50000) / 100.0));
            fields.add("\"customer_id\":\"c-" + random.nextInt(10) + "\"");
            fields.add("\"order_ts\":" + (random.nextBoolean() ? Long.toString(NOW - random.nextInt(100000))
                    : "\"2026-12-0" + (1 + random.nextInt(3)) + "T10:00:00Z\""));
            fields.add("\"inner\":{\"code\":\"k\"" + (random.nextBoolean() ? ",\"n\":" + random.nextInt(9) : "")
                    + "}");
            if (random.nextBoolean()) {
                fields.add("\"id\":" + (random.nextBoolean() ? Integer.toString(random.nextInt(100))
                        : "\"i-" + random.nextInt(100) + "\""));
            }
        }
        for (int i = random.nextInt(valid ? 3 : 8); i > 0; i--) {
            fields.add("\"" + NAMES[random.nextInt(NAMES.length)] + "\":" + VALUES[random.nextInt(VALUES.length)]);
        }
        java.util.Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    @Test
    void pagesOfAnotherShapeAreLeftToTheTreePath() throws Exception {
        RecordFactory records = new RecordFactory(SCHEMA, "/customer_id", "/order_ts", ".invalid", 3_600_000L);
        PageParser parser = new PageParser(JsonPointer.compile("/data/orders"), records.streamingReader());
        assertNull(parser.parse(bytes("{\"data\":{\"orders\":{}}}")), "records not an array");
        assertNull(parser.parse(bytes("{\"data\":[]}")), "no object on the way");
        assertNull(parser.parse(bytes("{\"other\":[]}")), "no records");
        assertNull(parser.parse(bytes("[]")), "the body is an array");
        assertNull(parser.parse(bytes("{\"data\":{\"orders\":[],\"orders\":[]}}")), "the records twice");
        assertNull(parser.parse(bytes("")), "empty");
        assertEquals(0, parser.parse(bytes("{\"data\":{\"orders\":[]}}")).items().size());
        PageParser root = new PageParser(null, records.streamingReader());
        assertEquals(2, root.parse(bytes("[{\"order_id\":\"a\"},3]")).items().size());
    }

    @Test
    void aBodyThatIsNotJsonFailsAsTheTreeWould() {
        RecordFactory records = new RecordFactory(SCHEMA, "/customer_id", "/order_ts", ".invalid", 3_600_000L);
        PageParser parser = new PageParser(JsonPointer.compile("/data/orders"), records.streamingReader());
        assertThrows(JsonParseException.class, () -> parser.parse(bytes("{\"data\":{\"orders\":[{\"a\":}]}}")));
        assertThrows(JsonParseException.class,
                () -> parser.parse(bytes("{\"data\":{\"orders\":[{\"count\":\"x\",")));
        assertThrows(JsonParseException.class, () -> parser.parse(bytes("<html>")));
    }

    @Test
    void capturedFieldsAreTheScalarsAtTheirNames() throws Exception {
        StreamingStructReader reader = new RecordFactory(SCHEMA, "/customer_id", "/order_ts", ".invalid", 1L)
                .streamingReader("id");
        PageParser parser = new PageParser(null, reader);
        StreamedObject item = parser.parse(bytes("[{\"order_id\":\"o\",\"count\":1,\"total_amount\":2,"
                + "\"customer_id\":null,\"order_ts\":5,\"inner\":null,\"id\":7}]")).items().get(0);
        assertEquals(StreamingStructReader.NULL, item.captured()[0]);
        assertEquals(5L, item.captured()[1]);
        assertEquals(7L, item.captured()[2]);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
