package io.rivulet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.rivulet.schemas.AvroSchemas;

/**
 * The connector configs of {@code connect-configs/}, rewritten for a pipeline on this machine: the compose stack's
 * host names become local addresses, its secret files local ones, its schema folder a local copy, and Confluent's
 * AvroConverter (not on Maven Central) the JSON converter with schemas. Nothing else changes, so what runs locally
 * is what users deploy.
 */
public final class LocalConfigs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LocalConfigs() {
    }

    /** Where the pipeline's local services are. */
    public record Addresses(String shopOrdersUrl, String shopToken, int listenerPort, String redisUri,
                            String jdbcUrl, String dbUser, String dbPassword, String druidUrl) {
    }

    /**
     * Writes the rewritten configs of {@code names} (file names without .json) into {@code dir}, plus the secret
     * files and schemas they point at; returns the written config files in the order given.
     */
    public static List<Path> write(Path configDir, Path dir, Addresses at, List<String> names) {
        try {
            Path secrets = Files.createDirectories(dir.resolve("secrets"));
            Files.writeString(secrets.resolve("shop.properties"), "token=" + at.shopToken() + "\n");
            Files.writeString(secrets.resolve("postgres.properties"), "password=" + at.dbPassword() + "\n");
            Path schemas = Files.createDirectories(dir.resolve("schemas"));
            for (AvroSchemas schema : AvroSchemas.values()) {
                Files.writeString(schemas.resolve(schema.fileName()), schema.json());
            }
            Map<String, String> replace = new LinkedHashMap<>();
            replace.put("http://shop-simulator:8080/orders", at.shopOrdersUrl());
            replace.put("/etc/kafka/secrets/", secrets.toAbsolutePath() + "/");
            replace.put("/opt/rivulet/schemas/", schemas.toAbsolutePath() + "/");
            replace.put("redis://redis:6379", at.redisUri());
            replace.put("jdbc:postgresql://postgres:5432/analytics", at.jdbcUrl());
            replace.put("\"connection.user\": \"rivulet\"", "\"connection.user\": \"" + at.dbUser() + "\"");
            replace.put("http://druid-coordinator:8081", at.druidUrl() == null ? "" : at.druidUrl());
            Path out = Files.createDirectories(dir.resolve("configs"));
            List<Path> written = new java.util.ArrayList<>();
            for (String name : names) {
                String text = Files.readString(configDir.resolve(name + ".json"), StandardCharsets.UTF_8);
                for (Map.Entry<String, String> r : replace.entrySet()) {
                    text = text.replace(r.getKey(), r.getValue());
                }
                Map<String, String> config = JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
                });
                config.replaceAll((key, value) -> value.equals("io.confluent.connect.avro.AvroConverter")
                        ? "org.apache.kafka.connect.json.JsonConverter" : value);
                config.keySet().removeIf(key -> key.endsWith("converter.schema.registry.url"));
                if (config.containsKey("listener.port")) {
                    config.put("listener.port", Integer.toString(at.listenerPort()));
                    config.put("listener.bind", "127.0.0.1");
                }
                Path file = out.resolve(name + ".json");
                JSON.writeValue(file.toFile(), config);
                written.add(file);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the local connector configs under " + dir, e);
        }
    }

    /** The connector config files in connect-configs/ (not the Druid supervisor specs in its druid/ folder). */
    public static List<String> available(Path configDir) {
        try (Stream<Path> files = Files.list(configDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
