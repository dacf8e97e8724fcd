package io.rivulet.connect.jdbc.dialect.postgres;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Connect values as PostgreSQL's text input forms, which COPY, text arrays and casts all read: ISO-8601 times in
 * UTC, {@code t}/{@code f}, {@code \x} hex bytes, JSON for structs, maps and arrays.
 */
final class PostgresText {
    /** Writes NaN and infinities as strings (Jackson's default), so jsonb takes every double. */
    private static final JsonFactory JSON = new JsonFactory();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private PostgresText() {
    }

    /** As {@link #of(Schema, Object)}, but a list for a column of an array type as an array literal. */
    static String of(Schema schema, Object value, boolean arrayColumn) {
        if (arrayColumn && value instanceof List) {
            StringBuilder literal = new StringBuilder();
            appendArray(literal, schema, (List<?>) value);
            return literal.toString();
        }
        return of(schema, value);
    }

    /** {@code {"a","b",NULL}}: every element quoted (quotes and backslashes escaped), nested lists nested. */
    private static void appendArray(StringBuilder out, Schema schema, List<?> items) {
        Schema itemSchema = schema == null || schema.type() != Schema.Type.ARRAY ? null : schema.valueSchema();
        out.append('{');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object item = items.get(i);
            if (item == null) {
                out.append("NULL");
            } else if (item instanceof List) {
                appendArray(out, itemSchema, (List<?>) item);
            } else {
                String text = itemSchema == null ? item.toString() : of(itemSchema, item);
                out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        out.append('}');
    }

    static String of(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String logical = schema.name();
        if (value instanceof Date) {
            Instant instant = ((Date) value).toInstant();
            if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
                return DATE.format(instant);
            }
            if (Time.LOGICAL_NAME.equals(logical)) {
                return TIME.format(instant);
            }
            return timestamp(((Date) value).getTime()); // Timestamp, or a Date without its logical name
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "t" : "f";
        }
        if (value instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            return json(schema, value);
        }
        return value.toString(); // numbers (NaN and Infinity read as such) and strings
    }

    /** An instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, built by hand: Instant.toString costs several times more. */
    static String timestamp(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        char[] out = new char[24];
        four(out, 0, year);
        out[4] = '-';
        two(out, 5, time.getMonthValue());
        out[7] = '-';
        two(out, 8, time.getDayOfMonth());
        out[10] = 'T';
        two(out, 11, time.getHour());
        out[13] = ':';
        two(out, 14, time.getMinute());
        out[16] = ':';
        two(out, 17, time.getSecond());
        out[19] = '.';
        out[20] = (char) ('0' + millis / 100);
        out[21] = (char) ('0' + millis / 10 % 10);
        out[22] = (char) ('0' + millis % 10);
        out[23] = 'Z';
        return new String(out);
    }

    private static void two(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }

    private static void four(char[] out, int at, int value) {
        two(out, at, value / 100);
        two(out, at + 2, value % 100);
    }

    /** Structs and maps as JSON objects, lists as arrays; NaN and infinities as strings, which jsonb takes. */
    private static String json(Schema schema, Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writeJson(json, schema, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeJson(JsonGenerator json, Schema schema, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Struct struct) {
            json.writeStartObject();
            for (Field field : struct.schema().fields()) {
                json.writeFieldName(field.name());
                writeJson(json, field.schema(), struct.get(field));
            }
            json.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeJson(json, schema == null ? null : schema.valueSchema(), entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeJson(json, schema == null ? null : schema.valueSchema(), item);
            }
            json.writeEndArray();
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Float number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(schema == null || value instanceof String ? value.toString() : of(schema, value));
        }
    }

    /** Appends one CSV field: NULL unquoted and empty, any value quoted (so an empty string stays a string). */
    static void appendCsv(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

}
