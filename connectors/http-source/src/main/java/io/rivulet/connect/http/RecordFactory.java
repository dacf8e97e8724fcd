package io.rivulet.connect.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import io.rivulet.common.ErrorHeaders;
import io.rivulet.connect.http.convert.JsonToConnect;
import io.rivulet.connect.http.convert.RecordConversionException;

/**
 * Turns one JSON object into a source record: the value fitted to the record schema (or schemaless), the key and
 * the event time from JSON Pointers. A value that does not fit goes, as JSON text, to the topic's invalid topic
 * with the reason in the same headers the Validate transform uses, so nothing is dropped.
 */
public final class RecordFactory {
    /** The rule name in {@link ErrorHeaders#RULE} for records that do not fit the schema. */
    public static final String SCHEMA_RULE = "schema";

    private final Schema schema;
    private final JsonPointer keyPointer;
    private final JsonPointer timestampPointer;
    private final String invalidSuffix;

    public RecordFactory(Schema schema, String keyPointer, String timestampPointer, String invalidSuffix) {
        this.schema = schema;
        this.keyPointer = keyPointer.isEmpty() ? null : JsonPointer.compile(keyPointer);
        this.timestampPointer = timestampPointer.isEmpty() ? null : JsonPointer.compile(timestampPointer);
        this.invalidSuffix = invalidSuffix;
    }

    public SourceRecord create(Map<String, ?> partition, Map<String, ?> offset, String topic, JsonNode json,
                               long ingestionMs, Headers headers) {
        String key = key(json);
        try {
            Long timestamp = eventTime(json);
            Object value = schema == null ? JsonToConnect.plain(json) : JsonToConnect.convert(json, schema);
            return new SourceRecord(partition, offset, topic, null, key == null ? null : Schema.STRING_SCHEMA, key,
                    schema, value, timestamp != null ? timestamp : ingestionMs, headers);
        } catch (RecordConversionException e) {
            Headers invalid = headers == null ? new ConnectHeaders() : headers.duplicate();
            invalid.addString(ErrorHeaders.RULE, SCHEMA_RULE);
            invalid.addString(ErrorHeaders.FIELD, e.field());
            invalid.addString(ErrorHeaders.MESSAGE, e.getMessage());
            invalid.addString(ErrorHeaders.TOPIC, topic);
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

    private Long eventTime(JsonNode json) {
        if (timestampPointer == null) {
            return null;
        }
        JsonNode time = json.at(timestampPointer);
        if (time.isMissingNode() || time.isNull()) {
            return null;
        }
        if (time.isIntegralNumber()) {
            return time.longValue();
        }
        String field = timestampPointer.toString().substring(1).replace('/', '.');
        if (time.isTextual()) {
            try {
                return Instant.parse(time.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new RecordConversionException(field, "'" + time.textValue() + "' is not an ISO-8601 instant");
            }
        }
        throw new RecordConversionException(field, "the event time must be epoch milliseconds or ISO-8601");
    }
}
