package io.rivulet.connect.http.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.connect.http.HttpListenerSourceConnector;
import io.rivulet.connect.http.HttpPullSourceConnector;
import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.embedded.WorkDirs;
import io.rivulet.testkit.ConnectClusterExtension;

/**
 * The files in connect-configs/ pass the worker's validation with the plugins installed, so they stay in step with
 * the connectors. Only what differs between the compose stack and this test is swapped: the schema and secret
 * paths, and Confluent's AvroConverter (not on Maven Central) for the JSON converter.
 */
@Tag("integration")
class ConnectConfigsIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    @BeforeAll
    static void start() {
    }

    @Test
    void everyHttpSourceConfigValidates() throws Exception {
        Path secrets = WorkDirs.fresh("secrets").resolve("shop.properties");
        Files.writeString(secrets, "token=test-token\n", StandardCharsets.UTF_8);
        String schemas = ConnectConfigFiles.folder().resolveSibling("schemas/src/main/resources/io/rivulet/schemas")
                .toString();
        Map<String, String> paths = Map.of("/mnt/rivulet/schemas", schemas, "/mnt/rivulet/secrets/shop.properties",
                secrets.toString());
        int validated = 0;
        for (Class<?> connector : List.of(HttpPullSourceConnector.class, HttpListenerSourceConnector.class)) {
            Map<String, Map<String, String>> configs = ConnectConfigFiles.forConnector(connector.getName(), paths);
            assertTrue(configs.size() >= 1, "a connect-configs file for " + connector.getSimpleName());
            for (Map.Entry<String, Map<String, String>> file : configs.entrySet()) {
                file.getValue().put("name", file.getKey());
                ConfigValidation validation = CONNECT.rest().validate(connector.getSimpleName(), file.getValue());
                assertEquals(0, validation.errorCount(), file.getKey() + ": " + validation.errors());
                validated++;
            }
        }
        assertTrue(validated >= 2, "the orders source and the clicks listener");
    }
}
