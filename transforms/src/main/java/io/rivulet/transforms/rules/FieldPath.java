package io.rivulet.transforms.rules;

import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A dotted path to a field, e.g. {@code customer.address.country}, resolved in a {@link Struct} or a schemaless
 * {@link Map}. A field the record's schema does not have (an older schema version) resolves to null, as does any
 * missing step.
 */
public final class FieldPath {
    private final String text;
    private final String[] names;
    private volatile SchemaField lastField;

    private FieldPath(String text, String[] names) {
        this.text = text;
        this.names = names;
    }

    public static FieldPath parse(String text) {
        return new FieldPath(text, text.split("\\.", -1));
    }

    public static boolean isValid(String text) {
        return text.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    }

    public Object resolve(Object value) {
        if (names.length == 1 && value instanceof Struct) { // the hot path: a top-level field of a Struct
            Struct struct = (Struct) value;
            Field field = topLevelField(struct.schema());
            return field == null ? null : struct.get(field);
        }
        Object current = value;
        for (String name : names) {
            current = step(current, name);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** The field in {@code schema}, remembered for the last schema seen: records mostly share one Schema instance. */
    private Field topLevelField(Schema schema) {
        SchemaField last = lastField;
        if (last != null && last.schema == schema) {
            return last.field;
        }
        Field field = schema.field(names[0]);
        lastField = new SchemaField(schema, field);
        return field;
    }

    private static final class SchemaField {
        final Schema schema;
        final Field field;

        SchemaField(Schema schema, Field field) {
            this.schema = schema;
            this.field = field;
        }
    }

    private static Object step(Object value, String name) {
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            Field field = struct.schema().field(name);
            return field == null ? null : struct.get(field);
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).get(name);
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
