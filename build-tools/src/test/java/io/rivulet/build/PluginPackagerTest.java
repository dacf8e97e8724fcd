package io.rivulet.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PluginPackagerTest {
    @TempDir
    Path classes;
    @TempDir
    Path output;

    private void declare(String service, String... classNames) throws Exception {
        Path dir = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.write(dir.resolve(service), List.of(classNames), StandardCharsets.UTF_8);
    }

    @Test
    void writesAManifestAndAReferencePerDeclaredClass() throws Exception {
        declare("org.apache.kafka.connect.transforms.Transformation",
                "# Kafka's own, standing in for ours", "org.apache.kafka.connect.transforms.InsertField$Value");
        PluginPackager.write(classes, output, "rivulet-demo", "1.2.3", "Demo", "A demo\n   plugin.");

        JsonNode manifest = new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
        assertEquals("rivulet-demo", manifest.get("name").asText());
        assertEquals("1.2.3", manifest.get("version").asText());
        assertEquals("A demo plugin.", manifest.get("description").asText());
        assertEquals("transform", manifest.get("component_types").get(0).asText());

        String doc = Files.readString(output.resolve("doc/InsertField-Value.md"));
        assertTrue(doc.startsWith("# org.apache.kafka.connect.transforms.InsertField$Value"), doc);
        assertTrue(doc.contains("Insert field(s) using attributes from the record metadata"), doc);
        assertTrue(doc.contains("| `topic.field` | string |"), doc);
        assertTrue(Files.readString(output.resolve("doc/README.md")).contains("(InsertField-Value.md)"));
    }

    @Test
    void refusesAModuleThatDeclaresNoPlugin() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> PluginPackager.write(classes, output, "x", "1", "X", "x"));
        assertTrue(error.getMessage().contains("service_load"), error.getMessage());
    }
}
