package io.rivulet.transforms.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.testkit.ConfluentAvroDecoder;

/** The converters the transforms are tested under: they must not care which one a worker uses. */
enum Format {
    JSON, AVRO;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Converter settings for a connector config. */
    Map<String, String> converterConfig(SchemaRegistryServer registry) {
        Map<String, String> config = new HashMap<>();
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (this == JSON) {
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "true");
        } else {
            config.putAll(registry.avroConverter("value.converter"));
        }
        return config;
    }

    /** A value as plain Java: strings, numbers (timestamps as epoch millis), nested maps. */
    Map<String, Object> decode(byte[] value, SchemaRegistryServer registry) {
        if (this == AVRO) {
            return new ConfluentAvroDecoder(registry.client()).decodeToMap(value);
        }
        try {
            JsonNode envelope = MAPPER.readTree(value);
            return MAPPER.convertValue(envelope.get("payload"), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String topicPrefix() {
        return name().toLowerCase() + ".";
    }
}
