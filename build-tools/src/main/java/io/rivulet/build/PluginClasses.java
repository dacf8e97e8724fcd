package io.rivulet.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin classes a module declares in {@code META-INF/services}, by Connect component type: the same files a
 * worker with {@code plugin.discovery=service_load} reads.
 */
final class PluginClasses {
    /** Service interface -> component type as Confluent Hub manifests name them. */
    static final Map<String, String> COMPONENT_TYPES = new LinkedHashMap<>();

    static {
        COMPONENT_TYPES.put("org.apache.kafka.connect.source.SourceConnector", "source");
        COMPONENT_TYPES.put("org.apache.kafka.connect.sink.SinkConnector", "sink");
        COMPONENT_TYPES.put("org.apache.kafka.connect.transforms.Transformation", "transform");
        COMPONENT_TYPES.put("org.apache.kafka.connect.transforms.predicates.Predicate", "predicate");
        COMPONENT_TYPES.put("org.apache.kafka.connect.storage.Converter", "converter");
        COMPONENT_TYPES.put("org.apache.kafka.connect.storage.HeaderConverter", "header-converter");
    }

    record Declared(String className, String componentType) {
    }

    private PluginClasses() {
    }

    static List<Declared> read(Path classesDir) throws IOException {
        List<Declared> declared = new ArrayList<>();
        for (Map.Entry<String, String> service : COMPONENT_TYPES.entrySet()) {
            Path file = classesDir.resolve("META-INF/services").resolve(service.getKey());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String className = line.replaceFirst("#.*", "").trim();
                if (!className.isEmpty()) {
                    declared.add(new Declared(className, service.getValue()));
                }
            }
        }
        return declared;
    }
}
