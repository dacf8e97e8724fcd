package io.rivulet.connect.http.convert;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The common case of {@link JsonToConnect#convert} read straight from a parser, without a tree per record: an object
 * whose fields are strings, whole numbers within their type's range, numbers for floating-point fields, booleans,
 * timestamps (epoch milliseconds or ISO-8601), nulls where the schema allows them, and nested objects of the same.
 * At anything else (a value that does not fit, a missing required field, a name given twice, arrays, maps, decimals,
 * dates) it declines, and the caller reads the record as a tree, so the values and the errors stay those of
 * {@link JsonToConnect}. Building the tree and converting it was two thirds of a pulled record's cost on the
 * request thread.
 *
 * <p>It also keeps the scalar values of a few top-level fields ({@code captured}: the key, the event time, the
 * incrementing value), read as the tree path reads them through their JSON Pointers.
 */
public final class StreamingStructReader {
    /** The value is outside what this reads. Not an error: no message, no stack trace. */
    public static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Declined() {
            super(null, null, false, false);
        }
    }

    /** A captured field whose value was JSON null (an absent field stays null). */
    public static final Object NULL = new Object();
    private static final Declined DECLINED = new Declined();

    private final Schema schema;
    private final String[] captureNames;

    /** @param captureNames top-level field names whose values {@link #read} keeps, by index; null entries unused */
    public StreamingStructReader(Schema schema, String... captureNames) {
        if (schema.type() != Schema.Type.STRUCT || schema.name() != null && isLogical(schema)) {
            throw new IllegalArgumentException("Only struct schemas are read as a stream");
        }
        this.schema = schema;
        this.captureNames = captureNames.clone();
    }

    /** How many fields {@link #read} captures: the length its {@code captured} array needs. */
    public int captures() {
        return captureNames.length;
    }

    /**
     * The struct of the object at the parser's current {@link JsonToken#START_OBJECT}, read up to and including its
     * {@link JsonToken#END_OBJECT}; {@code captured[i]}: the value of the field {@code captureNames[i]} (a String or
     * a Long; {@link #NULL} for null; null when absent).
     *
     * @throws Declined the object is outside what this reads; the parser stopped somewhere inside it
     */
    public Struct read(JsonParser parser, Object[] captured) throws IOException {
        return struct(parser, schema, captured);
    }

    private Struct struct(JsonParser parser, Schema schema, Object[] captured) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw DECLINED;
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        boolean[] seen = new boolean[fields.size()];
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (captured != null) {
                capture(parser, name, value, captured);
            }
            Field field = schema.field(name);
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            if (seen[field.index()]) {
                throw DECLINED; // the tree keeps the last of a repeated name; rare enough to leave to it
            }
            seen[field.index()] = true;
            values[field.index()] = value(parser, value, field.schema());
        }
        Struct struct = new Struct(schema);
        for (Field field : fields) {
            Object value = seen[field.index()] ? values[field.index()] : absent(field.schema());
            if (value != null) { // a null is what the struct holds already; put() checks each value, at a cost
                struct.put(field, value);
            }
        }
        return struct;
    }

    private void capture(JsonParser parser, String name, JsonToken value, Object[] captured) throws IOException {
        for (int i = 0; i < captureNames.length; i++) {
            if (name.equals(captureNames[i])) {
                if (captured[i] != null) {
                    throw DECLINED; // a repeated name
                }
                switch (value) {
                    case VALUE_STRING -> captured[i] = parser.getText();
                    case VALUE_NULL -> captured[i] = NULL;
                    case VALUE_NUMBER_INT -> captured[i] = Long.valueOf(longValue(parser));
                    default -> throw DECLINED; // containers, decimals and booleans read as the tree reads them
                }
            }
        }
    }

    private Object value(JsonParser parser, JsonToken token, Schema schema) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return absent(schema);
        }
        if (schema.name() != null && isLogical(schema)) {
            if (!Timestamp.LOGICAL_NAME.equals(schema.name())) {
                throw DECLINED;
            }
            return timestamp(parser, token);
        }
        switch (schema.type()) {
            case STRUCT:
                return struct(parser, schema, null);
            case STRING:
                if (token != JsonToken.VALUE_STRING) {
                    throw DECLINED;
                }
                return parser.getText();
            case BOOLEAN:
                if (token == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                }
                if (token == JsonToken.VALUE_FALSE) {
                    return Boolean.FALSE;
                }
                throw DECLINED;
            case INT8:
                return (byte) integral(parser, token, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return (short) integral(parser, token, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return (int) integral(parser, token, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
                return integral(parser, token, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32: // as the tree's node gives a float: a long rounded once, not through a double
                return token == JsonToken.VALUE_NUMBER_INT ? (float) longValue(parser)
                        : (float) floating(parser, token);
            case FLOAT64:
                return floating(parser, token);
            default:
                throw DECLINED;
        }
    }

    /** What the tree gives a field that is absent or null: its default, null if optional, else declined. */
    private static Object absent(Schema schema) {
        if (schema.defaultValue() != null) {
            return schema.defaultValue();
        }
        if (schema.isOptional()) {
            return null;
        }
        throw DECLINED;
    }

    private static java.util.Date timestamp(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return new java.util.Date(longValue(parser));
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return java.util.Date.from(Instant.parse(parser.getText()));
            } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
                throw DECLINED;
            }
        }
        throw DECLINED;
    }

    private static long integral(JsonParser parser, JsonToken token, long min, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw DECLINED;
        }
        long value = longValue(parser);
        if (value < min || value > max) {
            throw DECLINED;
        }
        return value;
    }

    /** A number as the tree's number node gives it as a double: whole numbers converted, others parsed. */
    private static double floating(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return longValue(parser);
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT && parser.getNumberType() == JsonParser.NumberType.DOUBLE) {
            return parser.getDoubleValue();
        }
        throw DECLINED;
    }

    /** A whole number that fits a long; beyond it the tree holds a BigInteger, which this leaves to it. */
    private static long longValue(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw DECLINED;
        }
        return parser.getLongValue();
    }

    private static boolean isLogical(Schema schema) {
        return Timestamp.LOGICAL_NAME.equals(schema.name()) || org.apache.kafka.connect.data.Date.LOGICAL_NAME
                .equals(schema.name()) || org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(schema.name())
                || org.apache.kafka.connect.data.Decimal.LOGICAL_NAME.equals(schema.name());
    }
}
