package io.rivulet.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A compose stack as Docker Compose sees it: its files read in order, each later one merged over the earlier ones
 * as Compose merges (mappings key by key, {@code command}, {@code entrypoint} and {@code healthcheck.test}
 * replaced, other sequences joined, a volume replacing one with the same target).
 */
record ComposeStack(String name, JsonNode services) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");

    static ComposeStack read(Path repo, String... files) throws IOException {
        JsonNode merged = null;
        for (String file : files) {
            JsonNode next = YAML.readTree(repo.resolve(file).toFile());
            merged = merged == null ? next : merge(merged, next, "");
        }
        return new ComposeStack(String.join(" + ", files), merged.path("services"));
    }

    private static JsonNode merge(JsonNode base, JsonNode over, String key) {
        if (base == null || base.isMissingNode() || base.isNull()) {
            return over;
        }
        if (base.isObject() && over.isObject()) {
            ObjectNode out = base.deepCopy();
            over.fields().forEachRemaining(e -> out.set(e.getKey(), merge(base.get(e.getKey()), e.getValue(),
                    e.getKey())));
            return out;
        }
        if (base.isArray() && over.isArray() && !REPLACED.contains(key)) {
            ArrayNode out = base.deepCopy();
            for (JsonNode item : over) {
                if (key.equals("volumes")) {
                    for (int i = out.size() - 1; i >= 0; i--) {
                        if (volumeTarget(out.get(i)).equals(volumeTarget(item))) {
                            out.remove(i);
                        }
                    }
                }
                out.add(item);
            }
            return out;
        }
        return over;
    }

    private static String volumeTarget(JsonNode volume) {
        String[] parts = volume.asText().split(":");
        return parts.length > 1 ? parts[1] : parts[0];
    }

    @Override
    public String toString() {
        return name;
    }

    Map<String, String> env(String service) {
        Map<String, String> env = new HashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                e.getValue().asText()));
        return env;
    }

    Set<Integer> published(String service) {
        Set<Integer> ports = new HashSet<>();
        services.path(service).path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1]));
        });
        return ports;
    }

    List<String> strings(String service, String field) {
        List<String> out = new ArrayList<>();
        services.path(service).path(field).forEach(n -> out.add(n.asText()));
        return out;
    }
}
