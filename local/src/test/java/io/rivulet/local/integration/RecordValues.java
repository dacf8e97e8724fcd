package io.rivulet.local.integration;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.local.LocalPipeline;

/**
 * Record values as the pipeline's workers read and write them: through the same converter (JSON with schemas, or
 * Apicurio's Avro converter on the pipeline's registry), so the checks see what the sinks see.
 */
final class RecordValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Converter converter;

    private RecordValues(Converter converter) {
        this.converter = converter;
    }

    static RecordValues of(LocalPipeline pipeline) {
        SchemaRegistryServer registry = pipeline.registry();
        Map<String, String> config = new HashMap<>();
        Converter converter;
        if (registry == null) {
            converter = new JsonConverter();
            config.put("schemas.enable", "true");
        } else {
            converter = new io.apicurio.registry.utils.converter.AvroConverter<>();
            config.putAll(registry.avroConverterSettings());
        }
        converter.configure(config, false);
        return new RecordValues(converter);
    }

    SchemaAndValue read(ConsumerRecord<byte[], byte[]> record) {
        return converter.toConnectData(record.topic(), record.value());
    }

    byte[] write(String topic, SchemaAndValue value) {
        return converter.fromConnectData(topic, value.schema(), value.value());
    }

    /**
     * A click's {@code event_id}: from its struct (Validate routes structs), or from the JSON text the source routes
     * when a body is no event; the text itself when it has none.
     */
    String eventId(ConsumerRecord<byte[], byte[]> record) {
        Object value = read(record).value();
        if (value instanceof Struct struct) {
            return struct.getString("event_id");
        }
        String text = String.valueOf(value);
        try {
            JsonNode node = JSON.readTree(text);
            return node.path("event_id").asText(text);
        } catch (IOException e) {
            return text;
        }
    }

    /** A copy of {@code struct} with one field changed. */
    static Struct with(Struct struct, String field, Object value) {
        Struct copy = new Struct(struct.schema());
        for (Field f : struct.schema().fields()) {
            copy.put(f, struct.get(f));
        }
        return copy.put(field, value);
    }
}
