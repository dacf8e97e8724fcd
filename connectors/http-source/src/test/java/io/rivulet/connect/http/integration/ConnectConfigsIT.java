package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.rivulet.testkit.ConfigValidation;
import io.rivulet.testkit.ConnectCluster;
import io.rivulet.connect.http.HttpListenerSourceConnector;
import io.rivulet.connect.http.HttpPullSourceConnector;
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
        Map<String, String> paths = Map.of("/opt/rivulet/schemas", schemas, "/etc/kafka/secrets/shop.properties",
                secrets.toString());
        int validated = 0;
        for (Class<?> connector : List.of(HttpPullSourceConnector.class, HttpListenerSourceConnector.class)) {
            Map<String, Map<String, String>> configs = ConnectConfigFiles.forConnector(connector.getName(), paths);
            assertTrue(configs.size() >= 1, "a connect-configs file for " + connector.getSimpleName());
            for (Map.Entry<String, Map<String, String>> file : configs.entrySet()) {
                file.getValue().put("name", file.getKey());
                ConfigValidation validation = rest.validate(connector.getSimpleName(), file.getValue());
                assertEquals(0, validation.errorCount(), file.getKey() + ": " + validation.errors());
                validated++;
            }
        }
        assertTrue(validated >= 2, "the orders source and the clicks listener");
    }
}
