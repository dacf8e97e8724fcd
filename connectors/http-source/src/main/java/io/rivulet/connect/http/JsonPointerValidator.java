package io.rivulet.connect.http;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import com.fasterxml.jackson.core.JsonPointer;

/** A JSON Pointer (RFC 6901) or empty. */
public final class JsonPointerValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        String pointer = value == null ? "" : value.toString();
        if (pointer.isEmpty()) {
            return;
        }
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a JSON Pointer (e.g. /data/orders): " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "a JSON Pointer such as /data/orders, or empty";
    }
}
