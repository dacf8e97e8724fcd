package io.rivulet.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The connector configs users PUT from {@code connect-configs/}, read for a test worker: only what differs between
 * the compose stack and the test kit is swapped (paths given by the test, and Confluent's AvroConverter, which is
 * not on Maven Central, for the JSON converter or for Apicurio's Avro converter on a test registry).
 */
public final class ConnectConfigFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFLUENT_AVRO_CONVERTER = "io.confluent.connect.avro.AvroConverter";

    private ConnectConfigFiles() {
    }

    /** The repository's connect-configs folder, seen from a module two levels down (connectors/x). */
    public static Path folder() {
        Path here = Paths.get("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("connect-configs"))) {
                return dir.resolve("connect-configs");
            }
        }
        throw new IllegalStateException("No connect-configs folder above " + here);
    }

    /** The JSON files whose connector.class is {@code connectorClass}, by file name. */
    public static Map<String, Map<String, String>> forConnector(String connectorClass,
                                                                Map<String, String> replacements) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (Path file : files()) {
            Map<String, String> config = load(file, replacements);
            if (connectorClass.equals(config.get("connector.class"))) {
                configs.put(file.getFileName().toString().replace(".json", ""), config);
            }
        }
        return configs;
    }

    private static List<Path> files() {
        try (Stream<Path> listing = Files.list(folder())) {
            return listing.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One config file as it is, keys in the file's order (a map the caller may change). */
    public static Map<String, String> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * One config file with {@code replacements} made in its text, Confluent's AvroConverter swapped for the JSON
     * converter and the registry URLs dropped; keys in the file's order.
     */
    public static Map<String, String> load(Path file, Map<String, String> replacements) {
        return load(file, replacements, null);
    }

    /**
     * As {@link #load(Path, Map)}, but with a registry Confluent's AvroConverter becomes Apicurio's Avro converter on
     * {@code registry} (the same wire format), so records go through a real registry as in the compose stack.
     */
    public static Map<String, String> load(Path file, Map<String, String> replacements,
                                           SchemaRegistryServer registry) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                text = text.replace(replacement.getKey(), replacement.getValue());
            }
            Map<String, String> read = JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
            Map<String, String> config = new LinkedHashMap<>();
            read.forEach((key, value) -> {
                if (key.endsWith("converter.schema.registry.url")) {
                    return;
                }
                if (!value.equals(CONFLUENT_AVRO_CONVERTER)) {
                    config.put(key, value);
                } else if (registry == null) {
                    config.put(key, "org.apache.kafka.connect.json.JsonConverter");
                } else {
                    config.putAll(registry.avroConverter(key));
                }
            });
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
