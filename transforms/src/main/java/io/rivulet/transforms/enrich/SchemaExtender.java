package io.rivulet.transforms.enrich;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Derives a value schema with optional string fields added, and caches it per source schema as Kafka's InsertField
 * does. Converters hand out the same Schema instance for the same schema, so the last pair is kept for an identity
 * check before the (deep-equality) cache is asked.
 */
public final class SchemaExtender {
    private final List<String> addedFields;
    private final Cache<Schema, Schema> cache = Caffeine.newBuilder().maximumSize(16).build();
    private volatile Map.Entry<Schema, Schema> last;

    public SchemaExtender(List<String> addedFields) {
        this.addedFields = addedFields;
    }

    public Schema extend(Schema source) {
        Map.Entry<Schema, Schema> pair = last;
        if (pair != null && pair.getKey() == source) {
            return pair.getValue();
        }
        Schema extended = cache.get(source, this::build);
        last = Map.entry(source, extended);
        return extended;
    }

    private Schema build(Schema source) {
        SchemaBuilder builder = SchemaBuilder.struct().name(source.name()).version(source.version())
                .doc(source.doc());
        if (source.parameters() != null) {
            builder.parameters(source.parameters());
        }
        if (source.isOptional()) {
            builder.optional();
        }
        for (Field field : source.fields()) {
            builder.field(field.name(), field.schema());
        }
        for (String name : addedFields) {
            Field existing = source.field(name);
            if (existing == null) {
                builder.field(name, Schema.OPTIONAL_STRING_SCHEMA);
            } else if (existing.schema().type() != Schema.Type.STRING) {
                throw new DataException("Field " + name + " already exists in schema " + source.name()
                        + " with type " + existing.schema().type() + "; RedisEnrich writes strings");
            }
        }
        return builder.build();
    }

    long cachedSchemas() {
        return cache.estimatedSize();
    }
}
