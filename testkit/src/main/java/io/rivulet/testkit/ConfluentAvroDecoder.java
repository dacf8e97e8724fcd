package io.rivulet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

import io.rivulet.embedded.SchemaRegistryClient;

/**
 * Reads Avro records in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary), looking the
 * writer schema up by id in the registry, independently of the converter that wrote them.
 */
public final class ConfluentAvroDecoder {
    private final SchemaRegistryClient registry;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public ConfluentAvroDecoder(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** The schema id a serialized value carries. */
    public static int schemaId(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte magic = buffer.get();
        if (magic != 0) {
            throw new IllegalArgumentException("Not the Confluent wire format: magic byte " + magic);
        }
        return buffer.getInt();
    }

    public GenericRecord decode(byte[] bytes) {
        Schema schema = schemas.computeIfAbsent(schemaId(bytes),
                id -> new Schema.Parser().parse(registry.schemaById(id)));
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode a record written with schema " + schema.getFullName(), e);
        }
    }

    /** The record's fields as plain Java values (strings, numbers, nested maps). */
    public Map<String, Object> decodeToMap(byte[] bytes) {
        return toMap(decode(bytes));
    }

    static Map<String, Object> toMap(GenericRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            map.put(field.name(), plain(record.get(field.name())));
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof Utf8) {
            return value.toString();
        }
        if (value instanceof GenericRecord) {
            return toMap((GenericRecord) value);
        }
        return value;
    }
}
