package io.rivulet.connect.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.common.ErrorHeaders;
import io.rivulet.connect.http.convert.JsonToConnect;
import io.rivulet.connect.http.convert.RecordConversionException;
import io.rivulet.connect.http.convert.StreamedObject;
import io.rivulet.connect.http.convert.StreamingStructReader;

/**
 * Turns one JSON object into a source record: the value fitted to the record schema (or schemaless), the key and
 * the event time from JSON Pointers. A value that does not fit, or an event time the broker would refuse, goes as
 * JSON text to the topic's invalid topic, stamped with the time it was read, with the reason in the same headers
 * the Validate transform uses: nothing is dropped, and nothing a client sends can fail the task.
 */
public final class RecordFactory {
    /** The rule name in {@link ErrorHeaders#RULE} for records that do not fit the schema. */
    public static final String SCHEMA_RULE = "schema";
    /** The rule name for records whose event time cannot be a Kafka timestamp. */
    public static final String TIMESTAMP_RULE = "timestamp";

    /** An event time the broker would refuse; its original text goes in {@link ErrorHeaders#VALUE}. */
    private static final class UnusableTimestamp extends RecordConversionException {
        private final String value;

        UnusableTimestamp(String field, String value, String problem) {
            super(field, problem);
            this.value = value;
        }
    }

    private final Schema schema;
    private final JsonPointer keyPointer;
    private final JsonPointer timestampPointer;
    private final String invalidSuffix;
    private final long maxAheadMs;
    /** The top-level fields the key and event-time pointers name (null: no pointer), for streamed records. */
    private final String keyField;
    private final String timeField;
    private final boolean streams;

    public RecordFactory(Schema schema, String keyPointer, String timestampPointer, String invalidSuffix,
                         long maxAheadMs) {
        this.schema = schema;
        this.keyPointer = keyPointer.isEmpty() ? null : JsonPointer.compile(keyPointer);
        this.timestampPointer = timestampPointer.isEmpty() ? null : JsonPointer.compile(timestampPointer);
        this.invalidSuffix = invalidSuffix;
        this.maxAheadMs = maxAheadMs;
        this.keyField = topLevelField(this.keyPointer);
        this.timeField = topLevelField(this.timestampPointer);
        this.streams = schema != null && schema.type() == Schema.Type.STRUCT
                && (this.keyPointer == null || keyField != null)
                && (this.timestampPointer == null || timeField != null);
    }

    /** The field a pointer of one step names ("/customer_id"), or null for a longer (or no) pointer. */
    public static String topLevelField(JsonPointer pointer) {
        return pointer == null || pointer.matches() || !pointer.tail().matches() ? null
                : pointer.getMatchingProperty();
    }

    /**
     * Whether records may be read with {@link #streamingReader}: they have a struct schema, and the key and event
     * time are top-level fields.
     */
    public boolean streams() {
        return streams;
    }

    /**
     * A reader of this factory's record values that keeps the key's and the event time's fields (captures 0 and 1)
     * and then {@code extra} (top-level fields the caller needs; null entries unused), for
     * {@link #create(Map, Map, String, Struct, Object[], long, Headers)}.
     */
    public StreamingStructReader streamingReader(String... extra) {
        if (!streams) {
            throw new IllegalStateException("Records of this schema and these pointers are read as trees");
        }
        String[] captures = new String[2 + extra.length];
        captures[0] = keyField;
        captures[1] = timeField;
        System.arraycopy(extra, 0, captures, 2, extra.length);
        return new StreamingStructReader(schema, captures);
    }

    /**
     * The record of a value read by {@link #streamingReader} with its captured fields, as
     * {@link #create(Map, Map, String, JsonNode, long, Headers)} makes it from the tree; null when the event time
     * is unusable or unreadable, which the tree path then reports as it does.
     */
    public SourceRecord create(Map<String, ?> partition, Map<String, ?> offset, String topic, Struct value,
                               Object[] captured, long ingestionMs, Headers headers) {
        Object rawKey = captured[0];
        String key = rawKey == null || rawKey == StreamingStructReader.NULL ? null : rawKey.toString();
        Object rawTime = captured[1];
        long timestamp = ingestionMs;
        if (rawTime instanceof Long millis) {
            timestamp = millis;
        } else if (rawTime instanceof String text) {
            try {
                timestamp = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        if (rawTime != null && rawTime != StreamingStructReader.NULL
                && (timestamp < 0 || timestamp - ingestionMs > maxAheadMs)) {
            return null;
        }
        return new SourceRecord(partition, offset, topic, null, key == null ? null : Schema.STRING_SCHEMA, key,
                schema, value, timestamp, headers);
    }

    /**
     * The record of one object of a body: made from its struct when it was streamed, else (or when its event time
     * is one the tree path reports) from its tree.
     */
    public SourceRecord create(Map<String, ?> partition, Map<String, ?> offset, String topic, StreamedObject object,
                               long ingestionMs, Headers headers) {
        if (object.value() != null) {
            SourceRecord record = create(partition, offset, topic, object.value(), object.captured(), ingestionMs,
                    headers);
            if (record != null) {
                return record;
            }
        }
        return create(partition, offset, topic, object.tree(), ingestionMs, headers);
    }

    public SourceRecord create(Map<String, ?> partition, Map<String, ?> offset, String topic, JsonNode json,
                               long ingestionMs, Headers headers) {
        String key = key(json);
        try {
            Long timestamp = eventTime(json, ingestionMs);
            Object value = schema == null ? JsonToConnect.plain(json) : JsonToConnect.convert(json, schema);
            return new SourceRecord(partition, offset, topic, null, key == null ? null : Schema.STRING_SCHEMA, key,
                    schema, value, timestamp != null ? timestamp : ingestionMs, headers);
        } catch (RecordConversionException e) {
            Headers invalid = headers == null ? new ConnectHeaders() : headers.duplicate();
            invalid.addString(ErrorHeaders.RULE, e instanceof UnusableTimestamp ? TIMESTAMP_RULE : SCHEMA_RULE);
            invalid.addString(ErrorHeaders.FIELD, e.field());
            invalid.addString(ErrorHeaders.MESSAGE, e.getMessage());
            invalid.addString(ErrorHeaders.TOPIC, topic);
            if (e instanceof UnusableTimestamp unusable) {
                invalid.addString(ErrorHeaders.VALUE, unusable.value);
            }
            return new SourceRecord(partition, offset, topic + invalidSuffix, null,
                    key == null ? null : Schema.STRING_SCHEMA, key, Schema.STRING_SCHEMA, json.toString(),
                    ingestionMs, invalid);
        }
    }

    private String key(JsonNode json) {
        if (keyPointer == null) {
            return null;
        }
        JsonNode key = json.at(keyPointer);
        return key.isMissingNode() || key.isNull() ? null : key.isValueNode() ? key.asText() : key.toString();
    }

    private Long eventTime(JsonNode json, long nowMs) {
        if (timestampPointer == null) {
            return null;
        }
        JsonNode time = json.at(timestampPointer);
        if (time.isMissingNode() || time.isNull()) {
            return null;
        }
        String field = timestampPointer.toString().substring(1).replace('/', '.');
        long millis;
        if (time.isIntegralNumber()) {
            if (!time.canConvertToLong()) {
                throw new UnusableTimestamp(field, time.asText(), "the event time " + time.asText()
                        + " is beyond the range of epoch milliseconds");
            }
            millis = time.longValue();
        } else if (time.isTextual()) {
            try {
                millis = Instant.parse(time.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new RecordConversionException(field, "'" + time.textValue() + "' is not an ISO-8601 instant");
            } catch (ArithmeticException e) {
                throw new UnusableTimestamp(field, time.textValue(), "the event time " + time.textValue()
                        + " is beyond the range of epoch milliseconds");
            }
        } else {
            throw new RecordConversionException(field, "the event time must be epoch milliseconds or ISO-8601");
        }
        if (millis < 0) {
            throw new UnusableTimestamp(field, time.asText(), "the event time " + millis + " is before 1970: Kafka "
                    + "timestamps cannot be negative");
        }
        if (millis - nowMs > maxAheadMs) {
            throw new UnusableTimestamp(field, time.asText(), "the event time " + Instant.ofEpochMilli(millis)
                    + " is more than " + maxAheadMs + " ms ahead of the clock (record.timestamp.max.ahead.ms); "
                    + "the broker would refuse it");
        }
        return millis;
    }
}
