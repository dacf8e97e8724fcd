package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectRestClient;
import io.rivulet.testkit.PluginInstaller;
import io.rivulet.testkit.TestServers;
import io.rivulet.testkit.WorkDirs;

/**
 * The files in connect-configs/ pass the worker's validation with the plugins installed, so they stay in step with
 * the connectors. Only what differs between the compose stack and this test is swapped: the schema and secret
 * paths, and Confluent's AvroConverter (not on Maven Central) for the JSON converter.
 */
@Tag("integration")
class ConnectConfigsIT {
    private static final Path ROOT = Paths.get("").toAbsolutePath().resolve("../..").normalize();
    private static ConnectCluster connect;
    private static ConnectRestClient rest;

    @BeforeAll
    static void start() {
        connect = ConnectCluster.builder(TestServers.kafka())
                .pluginPath(PluginInstaller.install(PluginInstaller.builtZips())).start();
        rest = connect.rest();
    }

    @AfterAll
    static void stop() {
        connect.close();
    }

    @Test
    void everyHttpSourceConfigValidates() throws Exception {
        Path secrets = WorkDirs.fresh("secrets").resolve("shop.properties");
        Files.writeString(secrets, "token=test-token\n", StandardCharsets.UTF_8);
        String schemas = ROOT.resolve("schemas/src/main/resources/io/rivulet/schemas").toString();
        List<Path> files;
        try (Stream<Path> listing = Files.list(ROOT.resolve("connect-configs"))) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        int checked = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8)
                    .replace("/opt/rivulet/schemas", schemas)
                    .replace("/etc/kafka/secrets/shop.properties", secrets.toString());
            Map<String, String> config = new ObjectMapper().readValue(text, new TypeReference<>() { });
            if (!config.get("connector.class").equals("io.rivulet.connect.http.HttpSourceConnector")) {
                continue;
            }
            config.replaceAll((key, value) -> value.equals("io.confluent.connect.avro.AvroConverter")
                    ? "org.apache.kafka.connect.json.JsonConverter" : value);
            config.keySet().removeIf(key -> key.endsWith("converter.schema.registry.url"));
            String name = file.getFileName().toString().replace(".json", "");
            config.put("name", name);
            ConfigValidation validation = rest.validate("HttpSourceConnector", config);
            assertEquals(0, validation.errorCount(), name + ": " + validation.errors());
            checked++;
        }
        assertTrue(checked >= 2, "the orders source and the clicks listener: " + files);
    }
}
