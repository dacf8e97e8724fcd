package io.rivulet.build;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes what a Connect plugin archive carries besides its jars: {@code manifest.json} (Confluent Hub format) and
 * {@code doc/}, a Markdown config reference per plugin class, generated from the classes' own ConfigDefs so the
 * documentation cannot drift from the code.
 *
 * <p>Usage: {@code PluginPackager <classes dir> <output dir> <name> <version> <title> <description>}; the
 * module's classes must be on the class path.
 */
public final class PluginPackager {
    private PluginPackager() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: PluginPackager <classes dir> <output dir> <name> <version> "
                    + "<title> <description>");
        }
        write(Paths.get(args[0]), Paths.get(args[1]), args[2], args[3], args[4], args[5]);
    }

    static void write(Path classes, Path output, String name, String version, String title, String description)
            throws IOException, ReflectiveOperationException {
        List<PluginClasses.Declared> declared = PluginClasses.read(classes);
        if (declared.isEmpty()) {
            throw new IllegalStateException("No plugin classes declared under " + classes.resolve("META-INF/services")
                    + ": workers using plugin.discovery=service_load would find nothing");
        }
        Path docs = Files.createDirectories(output.resolve("doc"));
        Map<String, String> index = new LinkedHashMap<>();
        Set<String> componentTypes = new LinkedHashSet<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (PluginClasses.Declared plugin : declared) {
            Class<?> type = Class.forName(plugin.className(), true, loader);
            ConfigDef config = configOf(type.getDeclaredConstructor().newInstance());
            String file = ConfigReference.fileName(plugin.className());
            Files.writeString(docs.resolve(file), ConfigReference.markdown(plugin.className(), overviewOf(type),
                    config), StandardCharsets.UTF_8);
            index.put(plugin.className(), file);
            componentTypes.add(plugin.componentType());
        }
        Files.writeString(docs.resolve("README.md"), ConfigReference.index(title, index), StandardCharsets.UTF_8);
        Files.writeString(output.resolve("manifest.json"),
                manifest(name, version, title, description, componentTypes), StandardCharsets.UTF_8);
    }

    private static ConfigDef configOf(Object plugin) throws ReflectiveOperationException {
        return (ConfigDef) plugin.getClass().getMethod("config").invoke(plugin);
    }

    /** The {@code OVERVIEW_DOC} of the class or a superclass (Validate$Value inherits Validate's). */
    private static String overviewOf(Class<?> type) throws IllegalAccessException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField("OVERVIEW_DOC");
                if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())) {
                    return (String) field.get(null);
                }
            } catch (NoSuchFieldException ignored) {
                // look further up
            }
        }
        return null;
    }

    static String manifest(String name, String version, String title, String description, Set<String> types)
            throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", name);
        manifest.put("version", version);
        manifest.put("title", title);
        manifest.put("description", description.replaceAll("\\s+", " ").trim());
        manifest.put("owner", Map.of("username", "rivulet", "name", "Rivulet", "type", "organization"));
        manifest.put("component_types", types);
        manifest.put("features", Map.of(
                "supported_encodings", List.of("any"),
                "single_message_transforms", true,
                "confluent_control_center_integration", true,
                "kafka_connect_api", true,
                "delivery_guarantee", List.of(types.contains("source") ? "exactly_once" : "at_least_once")));
        manifest.put("requirements", List.of("Apache Kafka Connect 4.0 or newer"));
        manifest.put("documentation_url", "doc/README.md");
        manifest.put("license", List.of(Map.of("name", "Apache License 2.0")));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(manifest);
    }
}
