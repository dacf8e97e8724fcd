package io.rivulet.transforms.rules;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A dotted path to a field, e.g. {@code customer.address.country}, resolved in a {@link Struct} or a schemaless
 * {@link Map}. A field the record's schema does not have (an older schema version) resolves to null, as does any
 * missing step.
 */
public final class FieldPath {
    private final String text;
    private final String[] names;

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
        Object current = value;
        for (String name : names) {
            current = step(current, name);
            if (current == null) {
                return null;
            }
        }
        return current;
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

    public List<String> names() {
        return List.of(names);
    }

    @Override
    public String toString() {
        return text;
    }
}
