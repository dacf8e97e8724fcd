package io.rivulet.aggregator;

import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Connect {@link Converter} as a Kafka Streams serde, so the aggregator reads and writes exactly what the Connect
 * workers write and read: Avro with a registry, JSON with or without schemas, Protobuf.
 */
public final class ConverterSerde implements Serde<SchemaAndValue> {
    private final Converter converter;

    public ConverterSerde(Converter converter) {
        this.converter = converter;
    }

    /** A new instance of {@code converterClass}, configured for keys or values. */
    public static ConverterSerde of(Class<?> converterClass, Map<String, ?> config, boolean isKey) {
        try {
            Converter converter = (Converter) converterClass.getDeclaredConstructor().newInstance();
            converter.configure(config, isKey);
            return new ConverterSerde(converter);
        } catch (ReflectiveOperationException e) {
            throw new KafkaException("Cannot create the converter " + converterClass.getName(), e);
        }
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
                return converter.toConnectData(topic, data);
            }

            @Override
            public SchemaAndValue deserialize(String topic, Headers headers, byte[] data) {
                return converter.toConnectData(topic, headers, data);
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
