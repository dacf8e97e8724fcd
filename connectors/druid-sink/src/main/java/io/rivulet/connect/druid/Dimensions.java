package io.rivulet.connect.druid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The typed columns of each datasource: every value field seen so far in any schema version (or only the configured
 * ones), but the timestamp field, in the order first seen. A field a newer schema adds (Order v2's promo_code)
 * becomes a column from the next flush on, without a restart; a field keeps the type it was first seen with.
 */
final class Dimensions {
    private final String timestampField;
    private final List<String> only;
    private final Map<String, Map<String, String>> byDatasource = new HashMap<>();
    /** The last schema learned per datasource: converters hand out the same schema object record after record. */
    private final Map<String, Schema> lastSchema = new HashMap<>();

    Dimensions(String timestampField, List<String> only) {
        this.timestampField = timestampField;
        this.only = only;
    }

    /** Adds the schema's fields that are new to the datasource; returns their names (usually none). */
    List<String> learn(String datasource, Schema valueSchema) {
        if (lastSchema.get(datasource) == valueSchema) {
            return List.of();
        }
        lastSchema.put(datasource, valueSchema);
        Map<String, String> columns = byDatasource.computeIfAbsent(datasource, ds -> new LinkedHashMap<>());
        List<String> added = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            if (field.name().equals(timestampField) || (!only.isEmpty() && !only.contains(field.name()))
                    || columns.containsKey(field.name())) {
                continue;
            }
            columns.put(field.name(), typeOf(field.schema()));
            added.add(field.name());
        }
        return added;
    }

    /** The dimensionsSpec entries of the datasource. */
    List<Map<String, String>> of(String datasource) {
        List<Map<String, String>> dims = new ArrayList<>();
        byDatasource.getOrDefault(datasource, Map.of()).forEach((name, type) -> dims.add(Map.of("type", type,
                "name", name)));
        return dims;
    }

    private static String typeOf(Schema schema) {
        switch (schema.type()) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return "long"; // Timestamps too: their rows carry epoch milliseconds
            case FLOAT32:
            case FLOAT64:
                return "double";
            default:
                return "string";
        }
    }
}
