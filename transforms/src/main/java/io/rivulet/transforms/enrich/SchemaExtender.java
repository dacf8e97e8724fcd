package io.rivulet.transforms.enrich;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
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
    private final Cache<Schema, Extended> cache = Caffeine.newBuilder().maximumSize(16).build();
    private volatile Map.Entry<Schema, Extended> last;

    public SchemaExtender(List<String> addedFields) {
        this.addedFields = addedFields;
    }

    /** A derived schema with its fields resolved once, so copying a value needs no lookups by name. */
    public static final class Extended {
        private final Schema schema;
        private final Field[] sourceFields;
        private final Field[] copiedFields;
        private final Field[] addedFields;

        Extended(Schema source, Schema schema, List<String> added) {
            this.schema = schema;
            this.sourceFields = source.fields().toArray(new Field[0]);
            this.copiedFields = source.fields().stream().map(f -> schema.field(f.name())).toArray(Field[]::new);
            this.addedFields = added.stream().map(schema::field).toArray(Field[]::new);
        }

        public Schema schema() {
            return schema;
        }

        /** {@code value} (of the source schema) with {@code added[i]} in the i-th added field. */
        public Struct copy(Struct value, String[] added) {
            Struct out = new Struct(schema);
            for (int i = 0; i < sourceFields.length; i++) {
                out.put(copiedFields[i], value.get(sourceFields[i]));
            }
            for (int i = 0; i < addedFields.length; i++) {
                out.put(addedFields[i], added[i]);
            }
            return out;
        }
    }

    public Extended extend(Schema source) {
        Map.Entry<Schema, Extended> pair = last;
        if (pair != null && pair.getKey() == source) {
            return pair.getValue();
        }
        Extended extended = cache.get(source, s -> new Extended(s, build(s), addedFields));
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
}
