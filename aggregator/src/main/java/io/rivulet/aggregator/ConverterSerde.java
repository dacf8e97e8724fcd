package io.rivulet.aggregator;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

import io.rivulet.aggregator.event.FlatJson;

/**
 * A Connect {@link Converter} as a Kafka Streams serde, so the aggregator reads and writes exactly what the Connect
 * workers write and read: Avro with a registry, JSON with or without schemas, Protobuf.
 */
public final class ConverterSerde implements Serde<SchemaAndValue> {
    private final Converter converter;
    /** Schemaless JSON values whose fields are scalars are read without the converter's tree ({@link FlatJson}). */
    private final boolean flatJson;
    /** The reader of such values, keeping the fields the aggregator reads (or all). */
    private final FlatJson flatReader;

    public ConverterSerde(Converter converter) {
        this(converter, false, null);
    }

    private ConverterSerde(Converter converter, boolean flatJson, Set<String> fields) {
        this.converter = converter;
        this.flatJson = flatJson;
        this.flatReader = FlatJson.reading(fields);
    }

    /**
     * This serde, reading of a record only {@code fields} where it can do so without the converter (the aggregator
     * reads nothing else of an input value; the dead letter topic gets the record's bytes).
     */
    public ConverterSerde reading(Set<String> fields) {
        return new ConverterSerde(converter, flatJson, fields);
    }

    /** A new instance of {@code converterClass}, configured for keys or values. */
    public static ConverterSerde of(Class<?> converterClass, Map<String, ?> config, boolean isKey) {
        try {
            Converter converter = (Converter) converterClass.getDeclaredConstructor().newInstance();
            converter.configure(config, isKey);
            boolean schemaless = converter instanceof JsonConverter && !isKey && !schemasEnabled(config);
            return new ConverterSerde(converter, schemaless, null);
        } catch (ReflectiveOperationException e) {
            throw new KafkaException("Cannot create the converter " + converterClass.getName(), e);
        }
    }

    private static boolean schemasEnabled(Map<String, ?> config) {
        Map<String, Object> values = new HashMap<>(config);
        values.put(ConverterConfig.TYPE_CONFIG, ConverterType.VALUE.getName());
        return new JsonConverterConfig(values).schemasEnabled();
    }

    @Override
    public Serializer<SchemaAndValue> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, SchemaAndValue data) {
                return data == null ? null : converter.fromConnectData(topic, data.schema(), data.value());
            }

            @Override
            public byte[] serialize(String topic, Headers headers, SchemaAndValue data) {
                return data == null ? null : converter.fromConnectData(topic, headers, data.schema(), data.value());
            }
        };
    }

    @Override
    public Deserializer<SchemaAndValue> deserializer() {
        return new Deserializer<>() {
            @Override
            public SchemaAndValue deserialize(String topic, byte[] data) {
                Map<String, Object> read = flatJson ? flatReader.read(data) : null;
                return read != null ? new SchemaAndValue(null, read) : converter.toConnectData(topic, data);
            }

            @Override
            public SchemaAndValue deserialize(String topic, Headers headers, byte[] data) {
                Map<String, Object> read = flatJson ? flatReader.read(data) : null;
                return read != null ? new SchemaAndValue(null, read)
                        : converter.toConnectData(topic, headers, data);
            }
        };
    }

    @Override
    public void close() {
        if (converter instanceof AutoCloseable) {
            try {
                ((AutoCloseable) converter).close();
            } catch (Exception e) {
                throw new KafkaException("Closing the converter failed", e);
            }
        }
    }
}
