package io.rivulet.aggregator.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import io.rivulet.aggregator.ConverterSerde;

/**
 * The one-pass reader against Kafka's JsonConverter (schemaless) on what clients send and on what they should not:
 * whatever it reads equals the converter's map (or, reading some fields, those fields of it), and what the
 * converter rejects it leaves to the converter. The aggregator's deserializer (which uses it) gives the converter's
 * result or error for every input.
 */
class FlatJsonTest {
    private static final Set<String> WANTED = Set.of("user_id", "timestamp");
    private static final String[] NAMES = {"event_id", "user_id", "action", "timestamp", "segment", "user_id",
        "a\u00e9"};

    @Test
    @SuppressWarnings("unchecked")
    void readsWhatTheConverterReadsAndLeavesTheRestToIt() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        var deserializer = ConverterSerde.of(JsonConverter.class, Map.of("schemas.enable", "false"), false)
                .deserializer();
        var projecting = ConverterSerde.of(JsonConverter.class, Map.of("schemas.enable", "false"), false)
                .reading(WANTED).deserializer();
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>(List.of("{}", "{\"user_id\":\"u-1\",\"timestamp\":1700000000000}",
                "[1]", "\"text\"", "42", "null", "", "{", "{\"a\":}", "{\"a\":1}trailing", "{\"a\":007}",
                "{\"a\":{\"b\":1}}", "{\"a\":[1,2]}", "{\"a\":99999999999999999999}", "{\"a\":1e400}",
                "{\"a\":-0.0}", "{\"a\":1.50}", "{\"a\":\"\\u00e9\\n\"}", "{\"a\":1,\"a\":\"again\"}",
                "{\"a\":true,\"b\":false,\"c\":null}", " \n{ \"a\" : 1 } ", "{\"a\":NaN}", "{'a':1}",
                "\ufeff{\"a\":1}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\":1 \"b\":2}", "{\"a\" 1}", "{\"a\":-}",
                "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-0}", "{\"a\":+1}", "{\"a\":01}",
                "{\"a\":1E5}", "{\"a\":2.5e-3}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":1true}",
                "{\"a\":\"x\ty\"}", "{\"a\":\"\u00e9\"}", "{\"\u00e9\":1}", "{\"a\":\"open}", "{\"a\":1}}",
                "{\"a\":123456789012345678}", "{\"a\":-123456789012345678}", "{\"a\":1234567890123456789}",
                "{\"a\":9223372036854775807}", "{\"a\":-9223372036854775808}", "{\"a\":9223372036854775808}",
                "\t{\r\"a\"\n:\t\"b\"\r}\n", "{\"a\":\"\u007f\"}", "{\"\":1}", "{\"a\":\"\"}",
                // Wanted names: matched by the whole key (a longer key that begins with one is another key),
                // integers kept unboxed, near the end of the value too.
                "{\"user_id_x\":\"a\",\"user_id\":\"b\"}", "{\"timestampx\":1,\"timestamp\":2}",
                "{\"user_idx\":1}", "{\"user_id\":1}", "{\"timestamp\":\"2024-01-01T00:00:00Z\"}",
                "{\"timestamp\":1,\"timestamp\":2}", "{\"timestamp\":\"a\",\"timestamp\":2}",
                "{\"timestamp\":2,\"timestamp\":\"a\"}", "{\"timestamp\":1.5}", "{\"timestamp\":-0}",
                "{\"timestamp\":0}", "{\"timestamp\":00}", "{\"timestamp\":-}", "{\"timestamp\":1e3}",
                "{\"timestamp\":-123456789012345678}", "{\"timestamp\":1234567890123456789}",
                "{\"timestamp\":12}", "{\"user_id\":7}", "{\"a\":1,\"user_id\":\"u\"}", "{\"user_i\":1}",
                "{\"user_id\\u0000\":1}", "{\"timestamp\":1 }",
                "{\"user_idX:1}", "{\"timestampX:1,\"a\":2}"));
        for (int i = 0; i < 5_000; i++) {
            inputs.add(randomObject(random));
        }
        for (int i = 0; i < 5_000; i++) { // what a broken or hostile client might send: one byte changed
            inputs.add(mutated(randomObject(random), random));
        }
        int read = 0;
        int scanned = 0;
        FlatJsonScanner scanner = new FlatJsonScanner(null);
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> fast = FlatJson.read(bytes, null);
            Map<String, Object> scan = scanner.scan(bytes);
            SchemaAndValue expected;
            try {
                expected = converter.toConnectData("t", bytes);
            } catch (RuntimeException e) {
                assertNull(fast, "read what the converter rejects: " + input);
                assertNull(scan, "scanned what the converter rejects: " + input);
                if (!wellFormed(bytes)) { // not a range the converter refuses in a field skipped here: not JSON
                    assertNull(FlatJson.read(bytes, WANTED), "read wanted fields of malformed JSON: " + input);
                    try {
                        projecting.deserialize("t", bytes);
                        fail("the deserializer of wanted fields accepted malformed JSON: " + input);
                    } catch (RuntimeException expectedError) {
                        assertEquals(e.getClass(), expectedError.getClass(), input);
                    }
                }
                try {
                    deserializer.deserialize("t", bytes);
                    fail("the deserializer accepted what the converter rejects: " + input);
                } catch (RuntimeException expectedError) {
                    assertEquals(e.getClass(), expectedError.getClass(), input);
                }
                continue;
            }
            if (fast != null) {
                read++;
                assertEquals(expected.value(), fast, input);
            }
            if (scan != null) {
                scanned++;
                assertEquals(expected.value(), scan, input);
            }
            assertEquals(expected.value(), deserializer.deserialize("t", bytes).value(), input);
            Map<String, Object> projected = FlatJson.read(bytes, WANTED);
            if (projected != null) {
                Map<String, Object> wanted = new HashMap<>((Map<String, Object>) expected.value());
                wanted.keySet().retainAll(WANTED);
                assertEquals(wanted, projected, input);
            }
            assertEquals(projected != null ? projected : expected.value(),
                    projecting.deserialize("t", bytes).value(), input);
        }
        assertNotNull(FlatJson.read("{\"user_id\":\"u-1\"}".getBytes(StandardCharsets.UTF_8), null));
        assertEquals(true, read > 2_000, read + " of " + inputs.size() + " read in one pass");
        // Most values take the way without a parser (the others: escapes, nested values, long integers, errors).
        assertEquals(true, scanned > 1_500, scanned + " of " + inputs.size() + " scanned");
    }

    /**
     * Values with the keys of the value before them, as a source writes value after value, are read against those
     * keys (quotes and colon included) without scanning them, and give what the converter gives; a value that differs
     * anywhere (a key, a space, one byte changed) is read byte by byte or left to the converter.
     */
    @Test
    @SuppressWarnings("unchecked")
    void valuesWithTheKeysOfTheValueBeforeThemAreReadAsTheConverterReadsThem() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        FlatJsonScanner scanner = new FlatJsonScanner(WANTED);
        Random random = new Random(17);
        int alike = 0;
        for (int i = 0; i < 5_000; i++) {
            List<String> names = new ArrayList<>();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                names.add(NAMES[random.nextInt(NAMES.length)]);
            }
            for (int v = 0; v < 4; v++) {
                String input = v == 3 ? mutated(compactObject(names, random), random) : compactObject(names, random);
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                Map<String, Object> likeLast = scanner.scanLikeLast(bytes);
                Map<String, Object> read = scanner.scan(bytes);
                Map<String, Object> expected;
                try {
                    expected = new HashMap<>((Map<String, Object>) converter.toConnectData("t", bytes).value());
                } catch (RuntimeException e) {
                    if (!wellFormed(bytes)) {
                        assertNull(likeLast, "read malformed JSON against the last keys: " + input);
                        assertNull(read, "read malformed JSON: " + input);
                    }
                    continue;
                }
                expected.keySet().retainAll(WANTED);
                if (likeLast != null) {
                    alike++;
                    assertEquals(expected, likeLast, input);
                }
                if (read != null) {
                    assertEquals(expected, read, input);
                }
            }
        }
        assertEquals(true, alike > 1_000, alike + " of 20,000 values read against the last value's keys");
    }

    /** Short wanted names near the end of a value, fewer than eight bytes from it: matched byte by byte. */
    @Test
    @SuppressWarnings("unchecked")
    void shortWantedNamesNearTheEndAreReadAsTheConverterReadsThem() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Set<String> wanted = Set.of("a", "ab");
        for (String input : List.of("{\"b\":2,\"a\":1}", "{\"a\":1}", "{\"ab\":1}", "{\"abc\":1}", "{\"b\":\"a\"}",
                "{\"a\":\"x\"}", "{\"x\":1,\"ab\":7}", "{\"a\":1,\"a\":2}", "{\"aX:1}", "{\"a")) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> read = FlatJson.read(bytes, wanted);
            Map<String, Object> expected;
            try {
                expected = new HashMap<>((Map<String, Object>) converter.toConnectData("t", bytes).value());
            } catch (RuntimeException e) {
                assertNull(read, "read what the converter rejects: " + input);
                continue;
            }
            expected.keySet().retainAll(wanted);
            assertEquals(expected, read, input);
        }
    }

    /**
     * Decimals (an order's amount) are read without a BigDecimal when short: each is the converter's double, bit for
     * bit, including where the short path ends (15 digits, 22 decimal places) and a negative zero.
     */
    @Test
    @SuppressWarnings("unchecked")
    void decimalsAreTheConvertersDoubles() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Random random = new Random(11);
        List<String> decimals = new ArrayList<>(List.of("0.0", "-0.0", "-0.5", "10.5", "99.99", "0.1", "0.3",
                "123456789012.345", "999999999999999.9", "99999999999999.99", "0.0000000000000000000001",
                "0.00000000000000000000001", "9007199254740993.0", "4503599627370497.5", "1.7976931348623157",
                "-12345678901234.5"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder decimal = new StringBuilder(random.nextBoolean() ? "-" : "");
            int integerDigits = random.nextInt(12);
            decimal.append(integerDigits == 0 ? "0" : Integer.toString(1 + random.nextInt(9)));
            for (int d = 1; d < integerDigits; d++) {
                decimal.append(random.nextInt(10));
            }
            decimal.append('.');
            for (int d = 1 + random.nextInt(random.nextBoolean() ? 4 : 25); d > 0; d--) {
                decimal.append(random.nextInt(10));
            }
            decimals.add(decimal.toString());
        }
        for (String decimal : decimals) {
            byte[] bytes = ("{\"total_amount\":" + decimal + "}").getBytes(StandardCharsets.UTF_8);
            Object expected = ((Map<String, Object>) converter.toConnectData("t", bytes).value()).get("total_amount");
            assertEquals(expected, FlatJson.read(bytes, Set.of("total_amount")).get("total_amount"), decimal);
            assertEquals(expected, FlatJson.read(bytes, null).get("total_amount"), decimal);
        }
    }

    /** Whether the bytes are one JSON value by its grammar, numbers not converted (so of any range). */
    private static boolean wellFormed(byte[] bytes) {
        JsonFactory factory = JsonFactory.builder().enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS).build();
        try (JsonParser parser = factory.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A click read from the scanned bytes (its strings left undecoded) is the click read from the converter's map:
     * the same fields, the same bytes for the state, the same stage, and the same error for the same bad input.
     */
    @Test
    void clicksReadFromTheScannedBytesAreTheConvertersClicks() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        ClickEvents clicks = new ClickEvents("clicks", "timestamp");
        var deserializer = ConverterSerde.of(JsonConverter.class, Map.of("schemas.enable", "false"), false)
                .reading(clicks.fields()).deserializer();
        byte[][] stages = {"page_view".getBytes(StandardCharsets.UTF_8), "purchase".getBytes(StandardCharsets.UTF_8)};
        Random random = new Random(11);
        int parsed = 0;
        int undecoded = 0;
        for (int i = 0; i < 20_000; i++) {
            String input = i % 4 == 3 ? mutated(randomClick(random), random) : randomClick(random);
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            SchemaAndValue expectedValue;
            try {
                expectedValue = converter.toConnectData("clicks", bytes);
            } catch (RuntimeException e) {
                continue; // not JSON: the deserializer's errors are the converter's (the test above)
            }
            ClickEvent expected;
            String expectedError = null;
            try {
                expected = clicks.parse(expectedValue);
            } catch (InvalidEventException e) {
                expected = null;
                expectedError = e.getMessage();
            }
            SchemaAndValue value = deserializer.deserialize("clicks", bytes);
            undecoded += value.value() instanceof FlatFields ? 1 : 0;
            try {
                ClickEvent click = clicks.parse(value);
                assertEquals(expected, click, input);
                assertEquals(expected.userId(), new String(click.userIdBytes(), StandardCharsets.UTF_8), input);
                assertEquals(expected.segment(), click.segmentBytes() == null ? null
                        : new String(click.segmentBytes(), StandardCharsets.UTF_8), input);
                int stage = List.of("page_view", "purchase").indexOf(expected.action());
                assertEquals(stage, click.actionIndex(stages), input);
                parsed++;
            } catch (InvalidEventException e) {
                assertEquals(expectedError, e.getMessage(), input);
            }
        }
        assertEquals(true, parsed > 5_000, parsed + " clicks read");
        assertEquals(true, undecoded > 10_000, undecoded + " values scanned");
    }

    /** A click whose fields are now and then missing, empty, null or of another type. */
    private static String randomClick(Random random) {
        StringBuilder json = new StringBuilder("{");
        for (String name : List.of("event_id", "user_id", "action", "timestamp", "segment", "page")) {
            if (random.nextInt(10) == 0) {
                continue;
            }
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":");
            int kind = random.nextInt(20);
            if (kind == 0) {
                json.append("\"\"");
            } else if (kind == 1) {
                json.append("null");
            } else if (kind == 2) {
                json.append(random.nextInt(1000));
            } else if (kind == 3) {
                json.append(random.nextBoolean());
            } else if (kind == 4) {
                json.append("\"caf\u00e9\"");
            } else if (name.equals("timestamp")) {
                json.append(kind == 5 ? "\"2026-12-01T10:00:00Z\"" : 1_700_000_000_000L + random.nextInt(1_000_000));
            } else if (name.equals("action")) {
                json.append('"').append(List.of("page_view", "purchase", "click").get(random.nextInt(3))).append('"');
            } else {
                json.append("\"").append(name, 0, 1).append('-').append(random.nextInt(1000)).append('"');
            }
        }
        return json.append('}').toString();
    }

    /** {@code json} with one character removed, repeated or replaced by one that means something in JSON. */
    private static String mutated(String json, Random random) {
        int at = random.nextInt(json.length());
        String[] tokens = {"\"", ",", ":", "{", "}", "[", " ", "\\", "-", ".", "e", "0", "\u0001", "\u00e9", "n"};
        return switch (random.nextInt(3)) {
            case 0 -> json.substring(0, at) + json.substring(at + 1);
            case 1 -> json.substring(0, at) + json.charAt(at) + json.substring(at);
            default -> json.substring(0, at) + tokens[random.nextInt(tokens.length)] + json.substring(at + 1);
        };
    }

    /** An object of scalar fields, now and then with a nested value or a number out of range. */
    private static String randomObject(Random random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(7);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                json.append(',');
            }
            String space = random.nextInt(4) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
            json.append(space).append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"').append(space)
                    .append(':').append(space);
            appendValue(json, random);
        }
        return json.append('}').toString();
    }

    /** An object of {@code names} in that order, without spaces, each with a value as {@link #randomObject}'s. */
    private static String compactObject(List<String> names, Random random) {
        StringBuilder json = new StringBuilder("{");
        for (String name : names) {
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":");
            appendValue(json, random);
        }
        return json.append('}').toString();
    }

    private static void appendValue(StringBuilder json, Random random) {
        switch (random.nextInt(12)) {
            case 0 -> json.append(random.nextLong());
            case 1 -> json.append(random.nextInt(1000));
            case 2 -> json.append(random.nextDouble() * 1000);
            case 3 -> json.append(random.nextInt(100)).append(".50");
            case 4 -> json.append(random.nextBoolean());
            case 5 -> json.append("null");
            case 6 -> json.append("{\"x\":1}");
            case 7 -> json.append("[\"x\"]");
            case 8 -> json.append("123456789012345678901234");
            case 9 -> json.append("\"\\\"quoted\\\" \\u0041\"");
            default -> json.append('"').append("u-").append(random.nextInt(1_000_000)).append('"');
        }
    }
}
