package io.rivulet.aggregator.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads named fields from what a Connect converter returns: a {@link Struct} (Avro, JSON with schemas, Protobuf) or
 * a {@link Map} (schemaless JSON). So Order v1 and v2, with or without a registry, read the same way.
 */
public final class FieldReader {
    private final String topic;
    private final Object value;

    private FieldReader(String topic, Object value) {
        this.topic = topic;
        this.value = value;
    }

    /** A reader for one record's value; {@code topic} names the record in error messages. */
    public static FieldReader of(String topic, SchemaAndValue data) {
        Object value = data == null ? null : data.value();
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new InvalidEventException(topic, null, "the value is "
                    + (value == null ? "null" : "a " + value.getClass().getSimpleName()) + ", not a record");
        }
        return new FieldReader(topic, value);
    }

    public Object get(String name) {
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            Field field = struct.schema().field(name);
            return field == null ? null : struct.get(field);
        }
        return ((Map<?, ?>) value).get(name);
    }

    public String requiredString(String name) {
        Object found = get(name);
        if (found == null || found.toString().isEmpty()) {
            throw new InvalidEventException(topic, name, "missing");
        }
        return found.toString();
    }

    public String optionalString(String name) {
        Object found = get(name);
        return found == null || found.toString().isEmpty() ? null : found.toString();
    }

    public double requiredDouble(String name) {
        Object found = get(name);
        if (found instanceof Number) {
            return ((Number) found).doubleValue();
        }
        if (found instanceof String) {
            try {
                return Double.parseDouble((String) found);
            } catch (NumberFormatException e) {
                throw new InvalidEventException(topic, name, "'" + found + "' is not a number");
            }
        }
        throw new InvalidEventException(topic, name, found == null ? "missing" : "not a number");
    }

    /** Epoch milliseconds from a Connect Timestamp, a number, or an ISO-8601 instant. */
    public long requiredTime(String name) {
        if (value instanceof FlatFields flat && flat.isInteger(name)) {
            return flat.integer(name); // the common case, without a Long per event
        }
        Long time = optionalTime(name);
        if (time == null) {
            throw new InvalidEventException(topic, name, "missing");
        }
        return time;
    }

    /** {@link #optionalTime}, or {@code absent} when there is none. */
    public long time(String name, long absent) {
        if (value instanceof FlatFields flat && flat.isInteger(name)) {
            return flat.integer(name);
        }
        Long time = optionalTime(name);
        return time == null ? absent : time;
    }

    public Long optionalTime(String name) {
        Object found = get(name);
        if (found == null) {
            return null;
        }
        if (found instanceof Date) {
            return ((Date) found).getTime();
        }
        if (found instanceof Number) {
            return ((Number) found).longValue();
        }
        try {
            return Instant.parse(found.toString()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(topic, name, "'" + found + "' is not a time");
        }
    }
}
