package io.rivulet.connect.http.convert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds Connect values from JSON: a Struct that fits the record schema, or plain maps and lists without one.
 * Timestamps may be epoch milliseconds or ISO-8601 instants.
 */
public final class JsonToConnect {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonToConnect() {
    }

    /** Schemaless: maps, lists, strings, numbers and booleans. */
    public static Object plain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    /** The value for {@code schema}, or a {@link RecordConversionException} naming the field that does not fit. */
    public static Object convert(JsonNode node, Schema schema) {
        return convert(node, schema, "");
    }

    private static Object convert(JsonNode node, Schema schema, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            throw new RecordConversionException(path, "is missing but required");
        }
        String logical = schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return timestamp(node, path);
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return date(node, path);
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            // Milliseconds of the day: the converter refuses any other value, which would fail the task.
            return new java.util.Date(integral(node, path, 0, 86_399_999));
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return decimal(node, schema, path);
        }
        switch (schema.type()) {
            case STRUCT:
                return struct(node, schema, path);
            case STRING:
                if (!node.isTextual()) {
                    throw new RecordConversionException(path, "expected text but found " + describe(node));
                }
                return node.textValue();
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new RecordConversionException(path, "expected true or false but found " + describe(node));
                }
                return node.booleanValue();
            case INT8:
                return (byte) integral(node, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return (short) integral(node, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) integral(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
                return integral(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32:
                return number(node, path).floatValue();
            case FLOAT64:
                return number(node, path).doubleValue();
            case ARRAY: {
                if (!node.isArray()) {
                    throw new RecordConversionException(path, "expected an array but found " + describe(node));
                }
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(convert(node.get(i), schema.valueSchema(), path + "[" + i + "]"));
                }
                return list;
            }
            case MAP: {
                if (!node.isObject()) {
                    throw new RecordConversionException(path, "expected an object but found " + describe(node));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), convert(entry.getValue(), schema.valueSchema(),
                            join(path, entry.getKey())));
                }
                return map;
            }
            default:
                throw new RecordConversionException(path, "schema type " + schema.type() + " is not supported");
        }
    }

    private static Struct struct(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            throw new RecordConversionException(path, "expected an object but found " + describe(node));
        }
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            struct.put(field, convert(node.get(field.name()), field.schema(), join(path, field.name())));
        }
        return struct;
    }

    private static java.util.Date timestamp(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return new java.util.Date(integral(node, path, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (node.isTextual()) {
            try {
                return java.util.Date.from(Instant.parse(node.textValue()));
            } catch (DateTimeParseException e) {
                throw new RecordConversionException(path, "'" + node.textValue() + "' is not an ISO-8601 instant");
            } catch (IllegalArgumentException e) {
                throw new RecordConversionException(path, "'" + node.textValue() + "' is beyond the range of epoch "
                        + "milliseconds");
            }
        }
        throw new RecordConversionException(path, "expected epoch milliseconds or an ISO-8601 instant but found "
                + describe(node));
    }

    private static java.util.Date date(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return new java.util.Date(node.longValue() * 86_400_000L);
        }
        if (node.isTextual()) {
            try {
                return new java.util.Date(LocalDate.parse(node.textValue()).toEpochDay() * 86_400_000L);
            } catch (DateTimeParseException e) {
                throw new RecordConversionException(path, "'" + node.textValue() + "' is not an ISO-8601 date");
            }
        }
        throw new RecordConversionException(path, "expected a date but found " + describe(node));
    }

    private static BigDecimal decimal(JsonNode node, Schema schema, String path) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            return value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RecordConversionException(path, describe(node) + " is not a decimal with scale " + scale);
        }
    }

    /** A whole number within the field type's range: a larger one is an error, never silently cut. */
    private static long integral(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber()) {
            throw new RecordConversionException(path, "expected a whole number but found " + describe(node));
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw new RecordConversionException(path, node.asText() + " is out of range (" + min + " to " + max
                    + ")");
        }
        return node.longValue();
    }

    private static Number number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new RecordConversionException(path, "expected a number but found " + describe(node));
        }
        return node.numberValue();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "..."
                : text);
    }
}
