package io.rivulet.transforms.enrich;

import java.util.ArrayList;
import java.util.List;

import io.rivulet.transforms.rules.FieldPath;

/**
 * A Redis key built from record fields, e.g. {@code user:{user_id}}: literal text with {@code {path}} placeholders.
 */
public final class KeyTemplate {
    private final String text;
    private final List<String> literals = new ArrayList<>();
    private final List<FieldPath> fields = new ArrayList<>();

    private KeyTemplate(String text) {
        this.text = text;
    }

    /** Parses a template; a malformed one throws IllegalArgumentException saying where. */
    public static KeyTemplate parse(String text) {
        KeyTemplate template = new KeyTemplate(text);
        int pos = 0;
        while (true) {
            int open = text.indexOf('{', pos);
            if (open < 0) {
                template.literals.add(text.substring(pos));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at position " + (open + 1) + " is not closed with '}'");
            }
            String path = text.substring(open + 1, close).trim();
            if (!FieldPath.isValid(path)) {
                throw new IllegalArgumentException("'{" + path + "}' at position " + (open + 1)
                        + " does not name a field (names joined by dots)");
            }
            template.literals.add(text.substring(pos, open));
            template.fields.add(FieldPath.parse(path));
            pos = close + 1;
        }
        if (template.fields.isEmpty()) {
            throw new IllegalArgumentException("the template has no {field} placeholder, so every record would read "
                    + "the same key");
        }
        return template;
    }

    /**
     * What identifies the key in a record value: the placeholder's field value itself when there is one placeholder
     * (no string is built on the hot path), else a list of them; null if a placeholder's field is missing.
     */
    public Object arguments(Object value) {
        if (fields.size() == 1) {
            return fields.get(0).resolve(value);
        }
        Object[] arguments = new Object[fields.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = fields.get(i).resolve(value);
            if (arguments[i] == null) {
                return null;
            }
        }
        return List.of(arguments);
    }

    /** The key for arguments from {@link #arguments}. */
    public String render(Object arguments) {
        if (fields.size() == 1) {
            return literals.get(0) + arguments + literals.get(1);
        }
        List<?> values = (List<?>) arguments;
        StringBuilder key = new StringBuilder(literals.get(0));
        for (int i = 0; i < values.size(); i++) {
            key.append(values.get(i)).append(literals.get(i + 1));
        }
        return key.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
