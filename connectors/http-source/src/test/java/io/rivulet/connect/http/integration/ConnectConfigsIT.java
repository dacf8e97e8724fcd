package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.testkit.ConnectConfigFiles;
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
        String schemas = ConnectConfigFiles.folder().resolveSibling("schemas/src/main/resources/io/rivulet/schemas")
                .toString();
        Map<String, Map<String, String>> configs = ConnectConfigFiles.forConnector(
                "io.rivulet.connect.http.HttpSourceConnector", Map.of("/opt/rivulet/schemas", schemas,
                        "/etc/kafka/secrets/shop.properties", secrets.toString()));
        configs.forEach((name, config) -> {
            config.put("name", name);
            ConfigValidation validation = rest.validate("HttpSourceConnector", config);
            assertEquals(0, validation.errorCount(), name + ": " + validation.errors());
        });
        assertTrue(configs.size() >= 2, "the orders source and the clicks listener: " + configs.keySet());
    }
}
