package io.rivulet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.SchemaRegistryServer;
import io.rivulet.schemas.AvroSchemas;

/**
 * The connector configs of {@code connect-configs/}, rewritten for a pipeline on this machine: the compose stack's
 * host names become local addresses, its secret files local ones, its schema folder a local copy, and Confluent's
 * AvroConverter (not on Maven Central) the JSON converter with schemas, or Apicurio's Avro converter when a registry
 * runs, as {@link ConnectConfigFiles#load} does for the tests. Nothing else changes, so what runs locally is what users deploy.
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
        return write(configDir, dir, at, names, null);
    }

    /** As {@link #write(Path, Path, Addresses, List)}, with Avro through {@code registry} when it is not null. */
    public static List<Path> write(Path configDir, Path dir, Addresses at, List<String> names,
                                   SchemaRegistryServer registry) {
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
            replace.put("/mnt/rivulet/secrets/", secrets.toAbsolutePath() + "/");
            replace.put("/mnt/rivulet/schemas/", schemas.toAbsolutePath() + "/");
            replace.put("redis://redis:6379", at.redisUri());
            replace.put("jdbc:postgresql://postgres:5432/analytics", at.jdbcUrl());
            replace.put("http://druid-coordinator:8081", at.druidUrl() == null ? "" : at.druidUrl());
            Path out = Files.createDirectories(dir.resolve("configs"));
            List<Path> written = new java.util.ArrayList<>();
            for (String name : names) {
                Map<String, String> config = ConnectConfigFiles.load(configDir.resolve(name + ".json"), replace,
                        registry);
                if (config.containsKey("connection.user")) {
                    config.put("connection.user", at.dbUser());
                }
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

    /** Adds or replaces settings in a written connector config file before it is deployed. */
    public static void amend(Path config, Map<String, String> settings) {
        Map<String, String> values = ConnectConfigFiles.read(config);
        values.putAll(settings);
        try {
            JSON.writeValue(config.toFile(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot amend " + config, e);
        }
    }

    /** Writes {@code settings} as a connector config fragment ({@code CONNECT_OVERRIDES} of deploy.sh). */
    public static void writeOverrides(Path file, Map<String, String> settings) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
