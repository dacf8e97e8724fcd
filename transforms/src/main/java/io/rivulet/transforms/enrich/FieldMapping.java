package io.rivulet.transforms.enrich;

import java.util.ArrayList;
import java.util.List;

/** Which hash field of the profile goes into which record field: {@code segment} or {@code tier:customer_tier}. */
public record FieldMapping(String hashField, String recordField) {

    public static List<FieldMapping> parse(List<String> entries) {
        List<FieldMapping> mappings = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":", -1);
            if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                throw new IllegalArgumentException("'" + entry + "' is not 'hashField' or 'hashField:recordField'");
            }
            String hashField = parts[0].trim();
            mappings.add(new FieldMapping(hashField, parts.length == 2 ? parts[1].trim() : hashField));
        }
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("at least one field is needed");
        }
        return mappings;
    }
}
