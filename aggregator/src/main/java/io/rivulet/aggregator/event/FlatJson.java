package io.rivulet.aggregator.event;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Schemaless JSON objects whose fields are all scalars (events as browsers and shop APIs send them) read in one
 * streaming pass into the map Kafka's {@code JsonConverter} would make of them: strings, {@code Long} for integers,
 * {@code Double} for other numbers, {@code Boolean}, null. The converter builds a tree of the whole value first and
 * then converts it, which was a third of the aggregator's time per event. Anything else (nested values, integers
 * beyond a long, malformed input) is left to the converter, so results and errors stay the converter's.
 */
public final class FlatJson {
    // As JsonConverter's deserializer reads numbers.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS).build();

    private final Set<String> wanted;
    private final FlatJsonScanner scanner;

    private FlatJson(Set<String> wanted) {
        this.wanted = wanted == null ? null : Set.copyOf(wanted);
        this.scanner = new FlatJsonScanner(this.wanted);
    }

    /** A reader of the fields named in {@code wanted} (all when null). */
    public static FlatJson reading(Set<String> wanted) {
        return new FlatJson(wanted);
    }

    /** {@code reading(wanted).read(bytes)}. */
    public static Map<String, Object> read(byte[] bytes, Set<String> wanted) {
        return reading(wanted).read(bytes);
    }

    /**
     * The object's wanted fields, or null when the converter must read it. Other fields are skipped, nested or
     * not, though still checked to be well-formed JSON.
     */
    public Map<String, Object> read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Map<String, Object> scanned = scanner.scan(bytes);
        return scanned != null ? scanned : parse(bytes);
    }

    private Map<String, Object> parse(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> fields = new HashMap<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                if (wanted != null && !wanted.contains(name)) {
                    parser.nextToken();
                    parser.skipChildren();
                    continue;
                }
                Object value;
                switch (parser.nextToken()) {
                    case VALUE_STRING -> value = parser.getText();
                    case VALUE_NUMBER_INT -> {
                        JsonParser.NumberType type = parser.getNumberType();
                        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                            return null;
                        }
                        value = parser.getLongValue();
                    }
                    case VALUE_NUMBER_FLOAT -> value = parser.getDecimalValue().doubleValue();
                    case VALUE_TRUE -> value = Boolean.TRUE;
                    case VALUE_FALSE -> value = Boolean.FALSE;
                    case VALUE_NULL -> value = null;
                    default -> {
                        return null;
                    }
                }
                fields.put(name, value);
            }
            return fields;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
